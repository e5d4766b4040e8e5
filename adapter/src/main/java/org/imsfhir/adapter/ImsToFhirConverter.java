package org.imsfhir.adapter;

import ca.uhn.fhir.context.FhirContext;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.imsfhir.adapter.map.EhrTransactionBuilder;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * The one entry point from an IMS session record to FHIR R4: {@code convert(session, options)}
 * returns the EHR transaction Bundle (see {@link EhrTransactionBuilder} and profiles/README.md).
 *
 * <p>The input must already have passed the record checker; the converter does not judge records.
 *
 * <p>Output is deterministic: converting the same record twice gives identical Bundles (fullUrls,
 * identifiers, request URLs, content) except for two fields that carry the conversion time from
 * {@link ConversionOptions#clock()}: {@code Bundle.timestamp} and {@code Provenance.recorded}.
 *
 * <p>Thread-safe and cheap: the mappers are stateless and built once; create one converter per
 * process and share it.
 */
public final class ImsToFhirConverter {
    private final EhrTransactionBuilder ehrBuilder;

    /** A converter using the code lists shipped in the IMS package. */
    public ImsToFhirConverter() {
        this(Terminology.standard());
    }

    public ImsToFhirConverter(Terminology terminology) {
        this.ehrBuilder = new EhrTransactionBuilder(terminology);
    }

    public ConversionResult convert(ImsSession session) {
        return convert(session, ConversionOptions.defaults());
    }

    public ConversionResult convert(ImsSession session, ConversionOptions options) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(options, "options");
        Bundle bundle = ehrBuilder.build(session, options.clock().instant(), options.adapterVersion(),
                options.includeProvenance());
        return new ConversionResult(session.key(), bundle);
    }

    /** The shared FHIR R4 context (HAPI caches it per process; expensive to build, thread-safe). */
    public static FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    /** Compact JSON of a Bundle. */
    public static String toJson(Bundle bundle) {
        return toJson(bundle, false);
    }

    /**
     * JSON of a Bundle; a parser is cheap to make from the cached context and not shared across threads.
     * Note HAPI's encoder sets each entry resource's id to its {@code urn:uuid} fullUrl on the given
     * Bundle as a side effect; such ids are not written out, so encoding twice gives the same JSON.
     */
    public static String toJson(Bundle bundle, boolean pretty) {
        return fhirContext().newJsonParser().setPrettyPrint(pretty).encodeResourceToString(bundle);
    }

    /**
     * Parses a Bundle written by {@link #toJson}, keeping resource ids as written. (HAPI's default
     * replaces a resource's id with its entry's fullUrl; that would drop the AdverseEvent and
     * Provenance ids their {@code PUT Type/<id>} requests rely on.)
     */
    public static Bundle parseBundle(String json) {
        return fhirContext().newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false)
                .parseResource(Bundle.class, json);
    }
}
