package org.imsfhir.adapter.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.samples.SampleRecords;
import org.junit.jupiter.api.Test;

class JsonAndNdjsonReaderTest {

    private static final ImsRecordReader READER = ImsRecordReader.standard();
    private static final String LUMBAR = SampleRecords.text("/samples/valid/valid-01-lumbar-radiculopathy.json");
    private static final String SHOULDER = SampleRecords.text("/samples/valid/valid-05-shoulder-us-cpt-20561.json");

    private static String oneLine(String json) {
        return json.replace("\n", "").replace("\r", "");
    }

    @Test
    void ndjsonWithOneBrokenLineYieldsTheOthers() {
        String ndjson = oneLine(LUMBAR) + "\n"
                + "{\"recordVersion\": \"1\", \"sessionId\": \n"
                + "\n"
                + oneLine(SHOULDER) + "\n";

        List<RecordResult> results = READER.readNdjson(ndjson);

        assertThat(results).hasSize(3);
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.get(1).ok()).isFalse();
        assertThat(results.get(1).wholeInput()).isFalse();
        assertThat(results.get(1).line()).isEqualTo(2);
        assertThat(results.get(1).errors()).singleElement()
                .satisfies(v -> assertThat(v.reason()).startsWith("is not valid JSON"));
        assertThat(results.get(2).ok()).isTrue();
        assertThat(results.get(2).index()).isEqualTo(2);
        assertThat(results.get(2).line()).isEqualTo(4); // blank line 3 skipped
        assertThat(results.get(2).session().sessionId()).isEqualTo("RPT-44120");
    }

    @Test
    void ndjsonRecordWithRuleViolationFailsAloneAndKeepsItsRawLine() {
        String bad = oneLine(LUMBAR).replace("\"gluteus-medius\"", "\"no-such-muscle\"");
        List<RecordResult> results = READER.readNdjson(bad + "\n" + oneLine(SHOULDER));

        assertThat(results).extracting(RecordResult::ok).containsExactly(false, true);
        assertThat(results.get(0).raw()).isEqualTo(bad);
        assertThat(results.get(0).key()).hasToString("https://westside-physio.example/pms|S-2026-000123");
        assertThat(results.get(0).errors()).extracting(Violation::path).containsExactly("treatedSites[0].muscle");
    }

    @Test
    void jsonArrayGivesOneResultPerElementWithItsLine() {
        String array = "[\n" + LUMBAR + ",\n" + LUMBAR.replace("\"1\"", "\"7\"") + "\n]";

        List<RecordResult> results = READER.readJson(array);

        assertThat(results).hasSize(2);
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.get(0).line()).isEqualTo(2);
        assertThat(results.get(1).errors()).extracting(Violation::path).containsExactly("recordVersion");
        assertThat(results.get(1).line()).isGreaterThan(2);
        assertThat(results.get(1).raw()).contains("\"recordVersion\":\"7\"");
    }

    @Test
    void brokenJsonDocumentGivesOneFailedResultWithoutQuotingIt() {
        String broken = "[\n" + LUMBAR + ",\n" + LUMBAR.substring(0, 200);

        List<RecordResult> results = READER.readJson(broken);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.ok()).isFalse();
            assertThat(r.wholeInput()).isTrue();
            assertThat(r.errors()).singleElement().satisfies(v -> {
                assertThat(v.path()).isEmpty();
                assertThat(v.reason()).startsWith("is not valid JSON").doesNotContain("Testpatient");
            });
        });
    }

    @Test
    void singleObjectDocumentIsOneRecordWithTheOriginalText() {
        List<RecordResult> results = READER.readJson(LUMBAR);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.ok()).isTrue();
            assertThat(r.raw()).isEqualTo(LUMBAR);
        });
    }

    @Test
    void emptyAndNonObjectInputsAreRefusedPlainly() {
        assertThat(READER.readJson("  ")).singleElement()
                .satisfies(r -> assertThat(r.errors().get(0).reason()).contains("empty"));
        assertThat(READER.readJson("[1]")).singleElement()
                .satisfies(r -> assertThat(r.errors().get(0).reason()).isEqualTo("must be a JSON object"));
        assertThat(READER.readJson("[]")).isEmpty();
        assertThat(READER.readRecord("{} {}").errors().get(0).reason()).startsWith("is not valid JSON");
    }

    @Test
    void readRecordFromBytesMatchesString() {
        RecordResult fromBytes = READER.readRecord(LUMBAR.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(fromBytes.session()).isEqualTo(READER.readRecord(LUMBAR).session()).isNotNull();
    }

    @Test
    void decimalsKeepTheirScaleAndOffsetsAreKept() {
        String json = LUMBAR.replace("\"diameterMm\": 0.3", "\"diameterMm\": 0.30");

        var session = READER.readRecord(json).session();

        assertThat(session.needle().diameterMm()).hasToString("0.30");
        assertThat(session.start().getOffset().getTotalSeconds()).isEqualTo(-8 * 3600);
    }

    @Test
    void duplicateFieldIsRefusedWithoutNamingItsValue() {
        String twice = LUMBAR.replace("\"status\": \"completed\",", "\"status\": \"completed\", \"status\": \"not-done\",");

        RecordResult result = READER.readRecord(twice);

        assertThat(result.errors()).singleElement().satisfies(v ->
                assertThat(v.reason()).startsWith("is not valid JSON: a field appears twice").doesNotContain("not-done"));
        assertThat(READER.readNdjson(oneLine(twice)).get(0).errors().get(0).reason())
                .startsWith("is not valid JSON: a field appears twice");
    }

    @Test
    void byteOrderMarkIsIgnored() {
        assertThat(READER.readRecord("\uFEFF" + LUMBAR).ok()).isTrue();
        assertThat(READER.readJson("\uFEFF[" + LUMBAR + "]")).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
        assertThat(READER.readNdjson("\uFEFF" + oneLine(LUMBAR))).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
    }

    @Test
    void numberWithAnExponentBeyondAnyIntIsUnreadableNotAnException() {
        // Found by ReaderFuzzTest#ndjson: Jackson's NumberFormatException escaped the reader.
        String bad = "{\"sessionNumber\": 38666666666666e666666666666666666666666666}";

        assertThat(READER.readNdjson(oneLine(LUMBAR) + "\n" + bad)).extracting(RecordResult::ok).containsExactly(true, false);
        assertThat(READER.readNdjson(bad).get(0).errors()).extracting(Violation::reason)
                .containsExactly(ImsRecordReader.UNREADABLE_NUMBER);
        assertThat(READER.readRecord(bad).errors()).extracting(Violation::reason)
                .containsExactly(ImsRecordReader.UNREADABLE_NUMBER);
        assertThat(READER.readJson("[" + bad + "]")).singleElement().satisfies(r -> {
            assertThat(r.wholeInput()).isTrue();
            assertThat(r.errors()).extracting(Violation::reason).containsExactly(ImsRecordReader.UNREADABLE_NUMBER);
        });
    }
}
