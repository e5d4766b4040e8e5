package org.imsfhir.adapter.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.samples.SampleRecords;
import org.junit.jupiter.api.Test;

/** Each payload limit: at the limit the payload reads, one over it is refused as a whole naming the limit. */
class ReaderLimitsTest {

    private static final String LUMBAR = oneLine(SampleRecords.text("/samples/valid/valid-01-lumbar-radiculopathy.json"));
    private static final String CSV = SampleRecords.text("/samples/valid/valid-batch-01.csv");

    private static String oneLine(String json) {
        return json.replace("\n", "").replace("\r", "");
    }

    private static ImsRecordReader reader(ReaderLimits limits) {
        return ImsRecordReader.standard(limits);
    }

    /** The one whole-input result of a refused payload and its reason. */
    private static String refusal(List<RecordResult> results) {
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.wholeInput()).isTrue();
            assertThat(r.ok()).isFalse();
        });
        assertThat(results.get(0).errors()).singleElement().extracting(Violation::path).isEqualTo("");
        return results.get(0).errors().get(0).reason();
    }

    @Test
    void defaultsAreTheDocumentedOnesAndStandardUsesThem() {
        assertThat(ReaderLimits.defaults()).isEqualTo(new ReaderLimits(1_000, 32, 1_000_000, 100, 1_000, 200, 10_000));
        assertThat(ImsRecordReader.standard().limits()).isEqualTo(ReaderLimits.defaults());
        assertThat(ImsRecordReader.standard(ReaderLimits.defaults().withMaxRecords(5)).limits().maxRecords()).isEqualTo(5);
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> ReaderLimits.defaults().withMaxCsvRows(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCsvRows must be at least 1, was 0");
    }

    @Test
    void jsonArrayOverMaxRecordsIsRefusedAsAWhole() {
        ImsRecordReader reader = reader(ReaderLimits.defaults().withMaxRecords(2));
        String two = "[" + LUMBAR + "," + LUMBAR.replace("S-2026-000123", "S-2") + "]";
        String three = "[" + LUMBAR + "," + LUMBAR + "," + LUMBAR + "]";

        assertThat(reader.readJson(two)).hasSize(2).allMatch(RecordResult::ok);
        assertThat(refusal(reader.readJson(three)))
                .isEqualTo("has more than 2 records: the limit per payload (maxRecords); nothing after them was read");
    }

    @Test
    void ndjsonOverMaxRecordsIsRefusedAsAWholeAndTheStreamStopsThere() {
        ImsRecordReader reader = reader(ReaderLimits.defaults().withMaxRecords(2));
        String three = LUMBAR + "\n\n" + LUMBAR + "\n" + LUMBAR + "\n";

        assertThat(reader.readNdjson(LUMBAR + "\n" + LUMBAR + "\n\n")).hasSize(2);
        assertThat(refusal(reader.readNdjson(three))).contains("more than 2 records", "(maxRecords)");

        List<RecordResult> streamed = new ArrayList<>();
        reader.readNdjson(new StringReader(three), streamed::add);
        assertThat(streamed).extracting(RecordResult::wholeInput).containsExactly(false, false, true);
        assertThat(streamed.get(2).line()).isEqualTo(4);
    }

    @Test
    void csvOverMaxRecordsIsRefusedAsAWhole() {
        // The sample holds 4 sessions in 12 rows.
        assertThat(reader(ReaderLimits.defaults().withMaxRecords(4)).readCsv(CSV)).hasSize(4);
        assertThat(refusal(reader(ReaderLimits.defaults().withMaxRecords(3)).readCsv(CSV)))
                .contains("more than 3 records", "(maxRecords)");
    }

    @Test
    void jsonNestedDeeperThanMaxNestingDepthIsRefusedWithTheLimit() {
        String deep = "[".repeat(40) + "]".repeat(40);

        assertThat(refusal(ImsRecordReader.standard().readJson(deep)))
                .startsWith("is nested more than 32 levels deep (maxNestingDepth)");
        // One record: the same reason, at the record.
        RecordResult single = ImsRecordReader.standard().readRecord("{\"a\":" + deep + "}");
        assertThat(single.errors()).extracting(Violation::reason)
                .singleElement().asString().startsWith("is nested more than 32 levels deep (maxNestingDepth)");
        // A real record is 5 levels deep (6 in an array): fine with a depth limit of 6.
        assertThat(reader(ReaderLimits.defaults().withMaxNestingDepth(6)).readJson("[" + LUMBAR + "]"))
                .singleElement().matches(RecordResult::ok);
    }

    @Test
    void ndjsonLineOverAJsonLimitFailsAloneWithTheLimit() {
        String deep = "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}";

        List<RecordResult> results = ImsRecordReader.standard().readNdjson(LUMBAR + "\n" + deep + "\n" + LUMBAR);

        assertThat(results).extracting(RecordResult::ok).containsExactly(true, false, true);
        assertThat(results.get(1).errors()).extracting(Violation::reason).singleElement().asString()
                .startsWith("is nested more than 32 levels deep (maxNestingDepth)");
    }

    @Test
    void jsonStringOverMaxStringLengthIsRefusedWithTheLimit() {
        ImsRecordReader reader = reader(ReaderLimits.defaults().withMaxStringLength(5_000));
        String huge = LUMBAR.replace("\"S-2026-000123\"", "\"" + "Z".repeat(5_001) + "\"");

        assertThat(refusal(reader.readJson(huge)))
                .startsWith("has a string longer than 5000 characters (maxStringLength)");
        // Under the reader's limit, the schema's field bound refuses it with its path.
        String long300 = LUMBAR.replace("\"S-2026-000123\"", "\"" + "Z".repeat(300) + "\"");
        assertThat(reader.readJson(long300)).singleElement().satisfies(r -> assertThat(r.errors())
                .containsExactly(Violation.error("sessionId", "is 300 characters long; at most 256 are allowed")));
    }

    @Test
    void jsonNumberOverMaxNumberLengthIsRefusedWithTheLimit() {
        String longNumber = LUMBAR.replace("\"sessionNumber\": 3", "\"sessionNumber\": " + "1".repeat(101))
                .replace("\"sessionNumber\":3", "\"sessionNumber\":" + "1".repeat(101));
        assertThat(longNumber).contains("1".repeat(101));

        assertThat(refusal(ImsRecordReader.standard().readJson(longNumber)))
                .startsWith("has a number longer than 100 characters (maxNumberLength)");
    }

    @Test
    void csvOverMaxCsvRowsIsRefusedAsAWhole() {
        // The sample has 12 data rows.
        assertThat(reader(ReaderLimits.defaults().withMaxCsvRows(12)).readCsv(CSV)).hasSize(4);
        assertThat(refusal(reader(ReaderLimits.defaults().withMaxCsvRows(11)).readCsv(CSV)))
                .isEqualTo("has more than 11 CSV rows: the limit per payload (maxCsvRows); nothing after them was read");
    }

    @Test
    void csvHeaderOverMaxCsvColumnsIsRefusedBeforeAnyRowIsRead() {
        int columns = CSV.lines().findFirst().orElseThrow().split(",").length;

        assertThat(reader(ReaderLimits.defaults().withMaxCsvColumns(columns)).readCsv(CSV)).hasSize(4);
        assertThat(refusal(reader(ReaderLimits.defaults().withMaxCsvColumns(columns - 1)).readCsv(CSV)))
                .isEqualTo("has " + columns + " CSV columns; at most " + (columns - 1) + " are allowed (maxCsvColumns)");
    }

    @Test
    void csvRowWithMoreCellsThanMaxCsvColumnsIsRefused() {
        String header = CSV.lines().findFirst().orElseThrow();
        int columns = header.split(",").length;
        String wideRow = IntStream.range(0, columns + 5).mapToObj(i -> "x").collect(Collectors.joining(","));

        String reason = refusal(reader(ReaderLimits.defaults().withMaxCsvColumns(columns)).readCsv(header + "\n" + wideRow + "\n"));

        assertThat(reason).isEqualTo("has a CSV row with more than " + columns
                + " cells (maxCsvColumns) on line 2; nothing after it was read");
    }

    @Test
    void csvCellOverMaxCsvFieldLengthIsRefusedNamingLineAndColumnNotTheValue() {
        String header = CSV.lines().findFirst().orElseThrow();
        List<String> lines = new ArrayList<>(CSV.lines().toList());
        // session_id is the 4th column: make it 10,001 characters on the third row (line 3).
        lines.set(2, lines.get(2).replaceFirst("S-2026-000123", "Q".repeat(10_001)));

        String reason = refusal(ImsRecordReader.standard().readCsv(String.join("\n", lines)));

        assertThat(header.split(",")[3]).isEqualTo("session_id");
        assertThat(reason).isEqualTo("has a CSV cell longer than 10000 characters (maxCsvFieldLength) on line 3, column 4;"
                + " nothing after it was read").doesNotContain("QQQ");
    }
}
