package org.imsfhir.adapter.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.read.RecordResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invalid sample fails with exactly the field paths of {@code samples/invalid/expected.csv}
 * (order-independent), each with a reason containing the expected keyword.
 */
class InvalidSamplesTest {

    private static final ImsRecordReader READER = ImsRecordReader.standard();

    record Expected(String file, List<String> paths, List<String> reasons) {
        @Override
        public String toString() {
            return file;
        }
    }

    static List<Expected> expected() throws IOException {
        String table = SampleRecords.text(SampleRecords.INVALID_DIR + "expected.csv");
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        List<Expected> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(table), format)) {
            for (CSVRecord row : parser) {
                rows.add(new Expected(row.get("file"), split(row.get("paths")), split(row.get("reasons"))));
            }
        }
        return rows;
    }

    private static List<String> split(String cell) {
        // An empty cell means the whole record (path "").
        return Arrays.stream(cell.split(";", -1)).map(String::trim).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expected")
    void invalidSampleFailsWithExactlyTheExpectedPaths(Expected expected) {
        String text = SampleRecords.text(SampleRecords.INVALID_DIR + expected.file());

        RecordResult result = READER.readRecord(text);

        assertThat(result.ok()).isFalse();
        assertThat(result.session()).isNull();
        Set<String> reported = result.errors().stream().map(Violation::path).collect(Collectors.toSet());
        assertThat(reported).as(result.violations().toString())
                .containsExactlyInAnyOrderElementsOf(expected.paths());
        for (int i = 0; i < expected.paths().size(); i++) {
            String path = expected.paths().get(i);
            String keyword = expected.reasons().size() == 1 ? expected.reasons().get(0) : expected.reasons().get(i);
            assertThat(result.errors()).filteredOn(v -> v.path().equals(path))
                    .extracting(Violation::reason)
                    .anySatisfy(reason -> assertThat(reason).contains(keyword));
        }
    }

    @Test
    void tableCoversAtLeast40SamplesAndEveryFileInIt() throws IOException {
        List<Expected> rows = expected();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(40);
        assertThat(rows).extracting(Expected::file).doesNotHaveDuplicates()
                .allMatch(f -> f.matches("invalid-\\d\\d-[a-z0-9-]+\\.json"));
        for (Expected row : rows) {
            assertThat(row.reasons().size()).as(row.file())
                    .isIn(1, row.paths().size());
        }
    }
}
