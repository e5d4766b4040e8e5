package org.imsfhir.adapter.claim;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A payer's own fee codes by muscle count, from a small CSV file (one per payer; format in
 * {@code claims/FEE-CODE-MAPPING.md}):
 *
 * <pre>
 * # comment
 * minMuscles,maxMuscles,system,code,display
 * 1,2,https://prairie-blue.example/fee-codes,PB-IMS-1,IMS 1-2 muscles
 * 3,,https://prairie-blue.example/fee-codes,PB-IMS-3,IMS 3 or more muscles
 * </pre>
 *
 * An empty {@code maxMuscles} means no upper bound. Every row whose range holds the session's count
 * is a code the mapping would bill; the claim builder accepts exactly one (see {@link ServiceCodeSelector}).
 */
public final class FeeCodeMapping {

    /** One row; {@code line} is the row's line in the file, for messages. */
    public record Row(int line, int minMuscles, Integer maxMuscles, ServiceCode code) {
        boolean covers(int muscles) {
            return muscles >= minMuscles && (maxMuscles == null || muscles <= maxMuscles);
        }
    }

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setCommentMarker('#').setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true).get();

    private final String source;
    private final List<Row> rows;

    private FeeCodeMapping(String source, List<Row> rows) {
        this.source = source;
        this.rows = List.copyOf(rows);
    }

    public static FeeCodeMapping read(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fee code mapping " + file, e);
        }
    }

    /**
     * @param source a name for messages (the file name)
     * @throws IllegalArgumentException naming the file and line of a malformed row
     */
    public static FeeCodeMapping parse(String source, String csv) {
        List<Row> rows = new ArrayList<>();
        try (Reader in = new StringReader(csv); CSVParser parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get()) {
            for (String column : List.of("minMuscles", "maxMuscles", "system", "code")) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new IllegalArgumentException(source + ": header must name column '" + column + "'");
                }
            }
            for (CSVRecord r : parser) {
                int line = (int) r.getParser().getCurrentLineNumber();
                try {
                    int min = Integer.parseInt(r.get("minMuscles"));
                    String maxText = r.get("maxMuscles");
                    Integer max = maxText.isEmpty() ? null : Integer.valueOf(maxText);
                    String system = r.get("system");
                    String code = r.get("code");
                    if (min < 1 || (max != null && max < min) || system.isEmpty() || code.isEmpty()) {
                        throw new IllegalArgumentException("bad range or empty system/code");
                    }
                    String display = r.isMapped("display") && r.isSet("display") ? r.get("display") : null;
                    rows.add(new Row(line, min, max, new ServiceCode(system, code, display)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + " line " + line + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(source + ": no rows");
        }
        return new FeeCodeMapping(source, rows);
    }

    /** The rows whose muscle range holds {@code muscles}, in file order. */
    public List<Row> rowsFor(int muscles) {
        return rows.stream().filter(r -> r.covers(muscles)).toList();
    }

    public String source() {
        return source;
    }

    public List<Row> rows() {
        return rows;
    }
}
