package org.imsfhir.routes.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Locale;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.MessageStatus;

/**
 * Records taken in and judged, per channel and clinic ({@link ClinicTags}): {@value #RECEIVED}
 * (stored as RECEIVED) and {@value #JUDGED} with {@code status} VALID or REJECTED. Records judged per
 * second is the rate of {@value #JUDGED}. Tags hold ids of configuration only, never patient data.
 */
public final class RecordMetrics {

    public static final String RECEIVED = "ims.records.received";
    public static final String JUDGED = "ims.records.judged";

    private final MeterRegistry registry;
    private final ClinicTags clinics;

    public RecordMetrics(MeterRegistry registry, ClinicTags clinics) {
        this.registry = registry;
        this.clinics = clinics;
    }

    /** Not recorded anywhere (tests, tools). */
    public static RecordMetrics none() {
        return new RecordMetrics(new CompositeMeterRegistry(), new ClinicTags(java.util.List.of(), 0));
    }

    /** The clinic tag of a record (see {@link ClinicTags#of}). */
    public String clinic(String sessionKey, boolean checked) {
        return clinics.of(sessionKey, checked);
    }

    public void received(Channel channel, String clinic) {
        Counter.builder(RECEIVED).description("Records stored as received, per channel and clinic (source.system)")
                .tag("channel", tag(channel)).tag("clinic", clinic)
                .register(registry).increment();
    }

    public void judged(Channel channel, String clinic, MessageStatus status) {
        Counter.builder(JUDGED).description("Records judged, per channel, clinic (source.system) and verdict (VALID, REJECTED)")
                .tag("channel", tag(channel)).tag("clinic", clinic).tag("status", status.name())
                .register(registry).increment();
    }

    private static String tag(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}
