package org.imsfhir.adapter.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.imsfhir.adapter.read.RecordResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ValidSamplesTest {

    static Stream<String> validSamples() {
        return SampleRecords.validResources().stream();
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void everyValidSampleReadsWithoutErrorsOrWarnings(String resource) {
        List<RecordResult> results = SampleRecords.read(resource);

        assertThat(results).isNotEmpty();
        assertThat(results).allSatisfy(r -> {
            assertThat(r.violations()).as(resource + " " + r.position()).isEmpty();
            assertThat(r.session()).isNotNull();
        });
    }

    @Test
    void corpusHasAtLeast25ValidJsonSamplesAndTheBatchForms() {
        assertThat(SampleRecords.validJsonResources()).hasSizeGreaterThanOrEqualTo(25);
        assertThat(SampleRecords.validResources()).anyMatch(r -> r.endsWith(".csv"));
        assertThat(SampleRecords.validResources()).anyMatch(r -> r.endsWith(".ndjson"));
    }
}
