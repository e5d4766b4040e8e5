package org.imsfhir.adapter.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.imsfhir.adapter.check.Violation;

/**
 * Applies {@link ReaderLimits} for the {@link ImsRecordReader}: the JSON limits go to Jackson as
 * {@link StreamReadConstraints} (checked while parsing, before anything big is built); record
 * counts and the CSV limits are counted here. Each limit broken gives one whole-input result
 * whose reason names the limit and its value, never the payload's content. Thread-safe.
 */
final class PayloadLimits {

    private final ReaderLimits limits;

    PayloadLimits(ReaderLimits limits) {
        this.limits = limits;
    }

    ReaderLimits limits() {
        return limits;
    }

    /** The JSON limits in Jackson's terms; names are bounded like strings. */
    StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNameLength(limits.maxStringLength())
                .maxNumberLength(limits.maxNumberLength())
                .build();
    }

    /** True once {@code count} records have been read and another one is coming. */
    boolean atRecordLimit(int count) {
        return count >= limits.maxRecords();
    }

    RecordResult tooManyRecords(int line) {
        return failure(line, "has more than " + limits.maxRecords()
                + " records: the limit per payload (maxRecords); nothing after them was read");
    }

    /**
     * The reason for a JSON value over one of Jackson's stream limits, or null when the problem is
     * something else. Jackson's message is only classified, never passed on.
     */
    String reasonFor(JsonProcessingException e) {
        if (!(e instanceof StreamConstraintsException)) {
            return null;
        }
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.startsWith("Document nesting depth")) {
            return "is nested more than " + limits.maxNestingDepth() + " levels deep (maxNestingDepth)";
        }
        if (m.startsWith("String value length") || m.startsWith("Name length")) {
            return "has a string longer than " + limits.maxStringLength() + " characters (maxStringLength)";
        }
        if (m.startsWith("Number value length")) {
            return "has a number longer than " + limits.maxNumberLength() + " characters (maxNumberLength)";
        }
        return "has a value over the reader's limits";
    }

    /** A problem with the CSV header's size, or null. */
    RecordResult checkCsvHeader(List<String> header) {
        if (header.size() > limits.maxCsvColumns()) {
            return failure(1, "has " + header.size() + " CSV columns; at most " + limits.maxCsvColumns()
                    + " are allowed (maxCsvColumns)");
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i) != null && header.get(i).length() > limits.maxCsvFieldLength()) {
                return fieldTooLong(1, i);
            }
        }
        return null;
    }

    /** A problem with one CSV row's size ({@code rows} counts it), or null. */
    RecordResult checkCsvRow(CSVRecord row, long rows, int line) {
        if (rows > limits.maxCsvRows()) {
            return failure(line, "has more than " + limits.maxCsvRows()
                    + " CSV rows: the limit per payload (maxCsvRows); nothing after them was read");
        }
        if (row.size() > limits.maxCsvColumns()) {
            return failure(line, "has a CSV row with more than " + limits.maxCsvColumns()
                    + " cells (maxCsvColumns) on line " + line + "; nothing after it was read");
        }
        for (int i = 0; i < row.size(); i++) {
            String cell = row.get(i);
            if (cell != null && cell.length() > limits.maxCsvFieldLength()) {
                return fieldTooLong(line, i);
            }
        }
        return null;
    }

    private RecordResult fieldTooLong(int line, int column) {
        return failure(line, "has a CSV cell longer than " + limits.maxCsvFieldLength()
                + " characters (maxCsvFieldLength) on line " + line + ", column " + (column + 1)
                + "; nothing after it was read");
    }

    private static RecordResult failure(int line, String reason) {
        return new RecordResult(RecordResult.WHOLE_INPUT, line, null, null, null, List.of(Violation.error("", reason)));
    }
}
