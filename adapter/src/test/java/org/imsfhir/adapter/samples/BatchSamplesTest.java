package org.imsfhir.adapter.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.read.RecordResult;
import org.junit.jupiter.api.Test;

/** The batch samples with bad records: each record succeeds or fails on its own. */
class BatchSamplesTest {

    private static List<RecordResult> read(String file) {
        return SampleRecords.read(SampleRecords.INVALID_BATCHES_DIR + file);
    }

    @Test
    void ndjsonWithABrokenLineFailsOnlyThatLine() {
        List<RecordResult> results = read("ndjson-one-broken-line.ndjson");

        assertThat(results).extracting(RecordResult::ok).containsExactly(true, false, true);
        assertThat(results.get(1).line()).isEqualTo(2);
        assertThat(results.get(1).errors()).extracting(Violation::path).containsExactly("");
    }

    @Test
    void ndjsonWithARuleViolationFailsOnlyThatRecord() {
        List<RecordResult> results = read("ndjson-one-rule-violation.ndjson");

        assertThat(results).extracting(RecordResult::ok).containsExactly(true, false, true);
        assertThat(results.get(1).errors()).extracting(Violation::path)
                .containsExactly("treatedSites[0].twitchResponses");
    }

    @Test
    void jsonArrayWithABadRecordFailsOnlyThatRecord() {
        List<RecordResult> results = read("json-array-one-bad-record.json");

        assertThat(results).extracting(RecordResult::ok).containsExactly(true, false, true);
        assertThat(results.get(1).key()).hasToString("https://bay-physio.example/pms|BP-2026-0711");
    }

    @Test
    void brokenJsonDocumentIsOneFailure() {
        assertThat(read("json-broken-document.json")).singleElement()
                .satisfies(r -> assertThat(r.errors().get(0).reason()).startsWith("is not valid JSON"));
    }

    @Test
    void csvWithAMissingColumnNamesIt() {
        assertThat(read("csv-missing-column.csv")).singleElement()
                .satisfies(r -> assertThat(r.errors()).extracting(Violation::reason)
                        .containsExactly("CSV column 'site_insertions' is missing"));
    }
}
