package org.imsfhir.adapter.validation.compiled;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.imsfhir.adapter.ConversionOptions;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.samples.SampleRecords;

/** The EHR transaction Bundles of the valid sample sessions, as compact JSON (inputs of the mutation tests). */
public final class SampleBundles {

    /** Fixed so Bundle.timestamp and Provenance.recorded, hence every mutation, are reproducible. */
    private static final ConversionOptions OPTIONS = ConversionOptions.builder()
            .adapterVersion("mutation-test")
            .clock(Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC))
            .build();

    private SampleBundles() {
    }

    /** One compact Bundle JSON per valid sample session (every record of the batch samples too), in corpus order. */
    public static List<String> sampleBundleJson() {
        ImsToFhirConverter converter = new ImsToFhirConverter();
        List<String> out = new ArrayList<>();
        for (ImsSession session : SampleRecords.loadAllValid()) {
            out.add(ImsToFhirConverter.toJson(converter.convert(session, OPTIONS).bundle(), false));
        }
        return out;
    }
}
