package org.imsfhir.adapter.validation;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** Reads the must-pass / must-fail CSV tables ('#' comment lines, a header row). */
final class ValidationTable {
    private ValidationTable() {
    }

    static List<CSVRecord> read(String classpath) {
        var in = ValidationTable.class.getResourceAsStream(classpath);
        if (in == null) {
            throw new IllegalArgumentException("table not on classpath: " + classpath);
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).get();
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return format.parse(r).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
