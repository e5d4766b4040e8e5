package org.imsfhir.adapter.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.samples.SampleRecords;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static final ImsRecordReader READER = ImsRecordReader.standard();
    private static final String CSV = SampleRecords.text("/samples/valid/valid-batch-01.csv");

    @Test
    void csvSampleGivesTheSameSessionsAsTheirJsonTwins() {
        List<RecordResult> results = READER.readCsv(CSV);

        assertThat(results).extracting(RecordResult::ok).containsExactly(true, true, true, true);
        assertThat(results.get(0).session()).isEqualTo(SampleRecords.load("/samples/valid/valid-01-lumbar-radiculopathy.json"));
        assertThat(results.get(1).session()).isEqualTo(SampleRecords.load("/samples/valid/valid-05-shoulder-us-cpt-20561.json"));
        assertThat(results.get(2).session()).isEqualTo(SampleRecords.load("/samples/valid/valid-08-not-done-patient-unwell.json"));
        assertThat(results.get(3).session()).isEqualTo(SampleRecords.load("/samples/valid/valid-10-sciatica-hip-ca-ab-payer-codes.json"));
    }

    @Test
    void rowsAreGroupedIntoRecordsWithTheLineOfTheirFirstRow() {
        List<RecordResult> results = READER.readCsv(CSV);

        assertThat(results).extracting(RecordResult::index).containsExactly(0, 1, 2, 3);
        // valid-01 has 2 sites (lines 2-3), valid-05 has 4 (lines 4-7), valid-08 none (line 8).
        assertThat(results).extracting(RecordResult::line).containsExactly(2, 4, 8, 9);
        assertThat(results.get(1).raw()).contains("\"treatedSites\":[{\"muscle\":\"infraspinatus\"");
    }

    @Test
    void missingRequiredColumnsAreNamedAndNothingIsRead() {
        String withoutColumn = dropColumn(CSV, "site_insertions");

        List<RecordResult> results = READER.readCsv(withoutColumn);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.ok()).isFalse();
            assertThat(r.wholeInput()).isTrue();
            assertThat(r.position()).isEqualTo("input (line 1)");
            assertThat(r.errors()).extracting(Violation::reason).containsExactly("CSV column 'site_insertions' is missing");
        });
    }

    @Test
    void optionalColumnsMayBeLeftOutButUnknownOnesAreRefused() {
        String withoutBilling = dropColumn(dropColumn(CSV, "billing_fee_currency"), "estim_minutes");
        List<RecordResult> results = READER.readCsv(withoutBilling);
        // Without the currency column, valid-05's billing lacks a currency; the others have no billing.
        assertThat(results.get(0).ok()).isTrue();
        assertThat(results.get(1).errors()).extracting(Violation::path)
                .containsExactlyInAnyOrder("billing.fee.currency", "electricalStimulation.minutes");

        String unknown = CSV.replaceFirst("record_version", "record_version_x");
        assertThat(READER.readCsv(unknown)).singleElement().satisfies(r -> assertThat(r.errors())
                .extracting(Violation::reason)
                .containsExactlyInAnyOrder("CSV column 'record_version' is missing", "unknown CSV column 'record_version_x'"));
    }

    @Test
    void sessionColumnThatDiffersBetweenRowsOfOneSessionIsReported() {
        String[] lines = CSV.split("\r\n");
        lines[2] = lines[2].replace(",2026-11-02T10:25:00-08:00,", ",2026-11-02T10:35:00-08:00,");

        List<RecordResult> results = READER.readCsv(String.join("\r\n", lines));

        assertThat(results.get(0).errors()).extracting(Violation::path).containsExactly("end");
        assertThat(results.get(0).errors().get(0).reason()).contains("column end");
        assertThat(results.get(1).ok()).isTrue();
    }

    @Test
    void badCellsAreReportedAtTheirFieldPath() {
        String[] lines = CSV.split("\r\n");
        // Row 2 is valid-01's first site: insertions "four"; its diagnoses cell is broken JSON.
        lines[1] = lines[1].replaceFirst(",local,,4,2$", ",local,,four,2")
                .replace("\"[{\"\"system\"\":\"\"icd-10-ca\"\"", "\"[{\"\"system\"\"");
        lines[2] = lines[2].replace("\"[{\"\"system\"\":\"\"icd-10-ca\"\"", "\"[{\"\"system\"\"");

        RecordResult first = READER.readCsv(String.join("\r\n", lines)).get(0);

        assertThat(first.errors()).extracting(Violation::path)
                .containsExactlyInAnyOrder("treatedSites[0].insertions", "diagnoses");
        assertThat(first.errors()).extracting(Violation::reason)
                .contains("must be an integer", "is not valid JSON (column diagnoses holds a JSON array)");
    }

    @Test
    void shortRowIsReadWithItsMissingCellsAbsent() {
        String[] lines = CSV.split("\r\n");
        // valid-08 (not-done, no site) is line 8; cut it after the consent columns.
        String row = lines[7];
        lines[7] = row.substring(0, row.indexOf(",2026-10-14,patient") + ",2026-10-14,patient".length());

        List<RecordResult> results = READER.readCsv(String.join("\r\n", lines));

        assertThat(results).extracting(RecordResult::ok).containsExactly(true, true, true, true);
    }

    @Test
    void brokenQuotingStopsTheFileButKeepsTheCompletedSessionsBeforeIt() {
        String[] lines = CSV.split("\r\n");
        lines[7] = lines[7].replace(",not-done,", ",\"not\"-done,");

        List<RecordResult> results = READER.readCsv(String.join("\r\n", lines));

        // The session being read when the break came (valid-05, lines 4-7) is not passed on either:
        // the broken row might have been one of its sites.
        assertThat(results).extracting(RecordResult::ok).containsExactly(true, false);
        assertThat(results.get(1).index()).isEqualTo(1);
        assertThat(results.get(1).errors()).singleElement()
                .satisfies(v -> assertThat(v.reason()).contains("malformed near line"));
    }

    @Test
    void duplicateHeaderIsRefused() {
        String duplicated = CSV.replaceFirst("status_reason", "status");

        assertThat(READER.readCsv(duplicated)).singleElement()
                .satisfies(r -> assertThat(r.errors().get(0).reason()).contains("header"));
    }

    private static String dropColumn(String csv, String column) {
        StringBuilder out = new StringBuilder();
        try (var parser = org.apache.commons.csv.CSVParser.parse(csv,
                org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get());
             var printer = new org.apache.commons.csv.CSVPrinter(out, org.apache.commons.csv.CSVFormat.RFC4180)) {
            List<String> header = parser.getHeaderNames().stream().filter(h -> !h.equals(column)).toList();
            printer.printRecord(header);
            for (var row : parser) {
                printer.printRecord(header.stream().map(row::get).toList());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    @Test
    void brokenQuotingInTheHeaderIsAWholeInputFailureNotAnException() {
        // Found by ReaderFuzzTest#csv (crash-broken-quote-in-header.csv): commons-csv's CSVException
        // from the header escaped as an UncheckedIOException.
        List<RecordResult> results = READER.readCsv("record_version,\"source_system\"x,session_id\n1,2,3\n");

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.wholeInput()).isTrue();
            assertThat(r.errors()).extracting(Violation::reason)
                    .containsExactly("is not a readable CSV file: the header line is malformed or names a column twice");
        });
    }
}
