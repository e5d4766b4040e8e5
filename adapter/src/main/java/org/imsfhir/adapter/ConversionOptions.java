package org.imsfhir.adapter;

import java.time.Clock;
import java.util.Objects;

/**
 * Options of {@link ImsToFhirConverter#convert}. Immutable; build with {@link #builder()}.
 * Defaults: the adapter jar's version (or {@code dev}), the UTC system clock, Provenance included.
 */
public final class ConversionOptions {
    private static final ConversionOptions DEFAULTS = builder().build();

    private final String adapterVersion;
    private final Clock clock;
    private final boolean includeProvenance;

    private ConversionOptions(Builder b) {
        this.adapterVersion = b.adapterVersion;
        this.clock = b.clock;
        this.includeProvenance = b.includeProvenance;
    }

    public static ConversionOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named in Provenance.agent (assembler) as {@code ims-fhir-adapter <version>}. */
    public String adapterVersion() {
        return adapterVersion;
    }

    /** Source of Bundle.timestamp and Provenance.recorded; fix it for reproducible output. */
    public Clock clock() {
        return clock;
    }

    public boolean includeProvenance() {
        return includeProvenance;
    }

    public Builder toBuilder() {
        return new Builder().adapterVersion(adapterVersion).clock(clock).includeProvenance(includeProvenance);
    }

    public static final class Builder {
        private String adapterVersion = defaultVersion();
        private Clock clock = Clock.systemUTC();
        private boolean includeProvenance = true;

        private Builder() {
        }

        public Builder adapterVersion(String adapterVersion) {
            this.adapterVersion = Objects.requireNonNull(adapterVersion, "adapterVersion");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder includeProvenance(boolean includeProvenance) {
            this.includeProvenance = includeProvenance;
            return this;
        }

        public ConversionOptions build() {
            return new ConversionOptions(this);
        }

        private static String defaultVersion() {
            String v = ConversionOptions.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
