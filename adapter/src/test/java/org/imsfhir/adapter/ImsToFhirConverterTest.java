package org.imsfhir.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Provenance;
import org.imsfhir.adapter.map.TestSessions;
import org.imsfhir.adapter.record.ImsSession;
import org.junit.jupiter.api.Test;

class ImsToFhirConverterTest {
    private final ImsToFhirConverter converter = new ImsToFhirConverter();

    @Test
    void resultCarriesSessionKeyAndBundle() {
        ConversionResult result = converter.convert(TestSessions.example());
        assertThat(result.sessionKey().toString())
                .isEqualTo("https://westside-physio.example/pms|S-2026-000123"); // source.system, sessionId
        assertThat(result.bundle().getEntry()).isNotEmpty();
    }

    @Test
    void sameRecordTwiceGivesIdenticalBundlesApartFromTheTwoTimestamps() {
        ImsSession session = TestSessions.example();
        ConversionOptions first = ConversionOptions.builder()
                .clock(Clock.fixed(Instant.parse("2026-11-02T18:30:00Z"), ZoneOffset.UTC)).build();
        ConversionOptions later = ConversionOptions.builder()
                .clock(Clock.fixed(Instant.parse("2026-11-03T07:00:00.123Z"), ZoneOffset.UTC)).build();
        Bundle a = converter.convert(session, first).bundle();
        Bundle b = converter.convert(TestSessions.example(), later).bundle();

        assertThat(ImsToFhirConverter.toJson(a)).isNotEqualTo(ImsToFhirConverter.toJson(b));
        assertThat(withoutTimestamps(a)).isEqualTo(withoutTimestamps(b));
    }

    @Test
    void optionsReachTheBundle() {
        Instant now = Instant.parse("2026-11-02T18:30:00Z");
        ConversionOptions options = ConversionOptions.builder()
                .adapterVersion("9.9.9").clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        Bundle bundle = converter.convert(TestSessions.example(), options).bundle();

        assertThat(bundle.getTimestamp().toInstant()).isEqualTo(now);
        Provenance provenance = (Provenance) bundle.getEntry().get(bundle.getEntry().size() - 1).getResource();
        assertThat(provenance.getRecorded().toInstant()).isEqualTo(now);
        assertThat(provenance.getAgentFirstRep().getWho().getDisplay()).isEqualTo("ims-fhir-adapter 9.9.9");

        Bundle noProvenance = converter.convert(TestSessions.example(),
                options.toBuilder().includeProvenance(false).build()).bundle();
        assertThat(noProvenance.getEntry()).noneMatch(e -> e.getResource() instanceof Provenance);
        assertThat(noProvenance.getEntry()).hasSize(bundle.getEntry().size() - 1);
    }

    @Test
    void defaultsAreDocumented() {
        ConversionOptions defaults = ConversionOptions.defaults();
        assertThat(defaults.includeProvenance()).isTrue();
        assertThat(defaults.adapterVersion()).isNotBlank();
        assertThat(defaults.clock().getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void oneConverterServesSeveralThreads() throws Exception {
        ConversionOptions options = ConversionOptions.builder()
                .clock(Clock.fixed(Instant.parse("2026-11-02T18:30:00Z"), ZoneOffset.UTC)).build();
        String expected = ImsToFhirConverter.toJson(converter.convert(TestSessions.example(), options).bundle());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(pool.submit(() -> ImsToFhirConverter.toJson(
                        converter.convert(TestSessions.example(), options).bundle())));
            }
            for (Future<String> r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void prettyJsonParsesToTheSameBundle() {
        Bundle bundle = converter.convert(TestSessions.example()).bundle();
        String pretty = ImsToFhirConverter.toJson(bundle, true);
        assertThat(pretty).contains("\n");
        Bundle parsed = ImsToFhirConverter.parseBundle(pretty);
        assertThat(ImsToFhirConverter.toJson(parsed)).isEqualTo(ImsToFhirConverter.toJson(bundle));
    }

    /** The serialised Bundle with the two documented time fields blanked. */
    private static String withoutTimestamps(Bundle bundle) {
        Bundle copy = bundle.copy();
        copy.setTimestamp(null);
        copy.getEntry().stream().filter(e -> e.getResource() instanceof Provenance)
                .forEach(e -> ((Provenance) e.getResource()).setRecorded(null));
        return ImsToFhirConverter.toJson(copy);
    }
}
