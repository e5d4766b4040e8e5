package org.imsfhir.adapter.read;

/**
 * How much one payload may hold before the {@link ImsRecordReader} refuses it as a whole. They
 * bound the work and memory a hostile or broken payload can cost; the field-level bounds (string
 * lengths, array sizes, number ranges) are in the record schema and give per-record violations.
 * A payload over one of these gives one whole-input {@link RecordResult} naming the limit.
 * Immutable; {@link #defaults()} is what {@link ImsRecordReader#standard()} uses.
 *
 * @param maxRecords         records per payload (JSON array entries, NDJSON lines, CSV sessions)
 * @param maxNestingDepth    JSON nesting depth of objects and arrays (a record needs 5; a JSON
 *                           array batch one more)
 * @param maxStringLength    characters in one JSON string value; far above any field's
 *                           maxLength, so that a long value is still refused per field with its path
 * @param maxNumberLength    characters in one JSON number
 * @param maxCsvRows         CSV data rows (the header not counted)
 * @param maxCsvColumns      CSV columns, in the header and in every row
 * @param maxCsvFieldLength  characters in one CSV cell (a header cell included)
 */
public record ReaderLimits(
        int maxRecords,
        int maxNestingDepth,
        int maxStringLength,
        int maxNumberLength,
        int maxCsvRows,
        int maxCsvColumns,
        int maxCsvFieldLength) {

    private static final ReaderLimits DEFAULTS = new ReaderLimits(1_000, 32, 1_000_000, 100, 1_000, 200, 10_000);

    public ReaderLimits {
        positive("maxRecords", maxRecords);
        positive("maxNestingDepth", maxNestingDepth);
        positive("maxStringLength", maxStringLength);
        positive("maxNumberLength", maxNumberLength);
        positive("maxCsvRows", maxCsvRows);
        positive("maxCsvColumns", maxCsvColumns);
        positive("maxCsvFieldLength", maxCsvFieldLength);
    }

    /**
     * 1,000 records, depth 32, strings up to 1,000,000 characters, numbers up to 100 characters;
     * CSV 1,000 rows, 200 columns, 10,000 characters per cell.
     */
    public static ReaderLimits defaults() {
        return DEFAULTS;
    }

    public ReaderLimits withMaxRecords(int value) {
        return new ReaderLimits(value, maxNestingDepth, maxStringLength, maxNumberLength, maxCsvRows, maxCsvColumns,
                maxCsvFieldLength);
    }

    public ReaderLimits withMaxNestingDepth(int value) {
        return new ReaderLimits(maxRecords, value, maxStringLength, maxNumberLength, maxCsvRows, maxCsvColumns,
                maxCsvFieldLength);
    }

    public ReaderLimits withMaxStringLength(int value) {
        return new ReaderLimits(maxRecords, maxNestingDepth, value, maxNumberLength, maxCsvRows, maxCsvColumns,
                maxCsvFieldLength);
    }

    public ReaderLimits withMaxNumberLength(int value) {
        return new ReaderLimits(maxRecords, maxNestingDepth, maxStringLength, value, maxCsvRows, maxCsvColumns,
                maxCsvFieldLength);
    }

    public ReaderLimits withMaxCsvRows(int value) {
        return new ReaderLimits(maxRecords, maxNestingDepth, maxStringLength, maxNumberLength, value, maxCsvColumns,
                maxCsvFieldLength);
    }

    public ReaderLimits withMaxCsvColumns(int value) {
        return new ReaderLimits(maxRecords, maxNestingDepth, maxStringLength, maxNumberLength, maxCsvRows, value,
                maxCsvFieldLength);
    }

    public ReaderLimits withMaxCsvFieldLength(int value) {
        return new ReaderLimits(maxRecords, maxNestingDepth, maxStringLength, maxNumberLength, maxCsvRows, maxCsvColumns,
                value);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
