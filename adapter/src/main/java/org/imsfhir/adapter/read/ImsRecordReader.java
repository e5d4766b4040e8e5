package org.imsfhir.adapter.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.imsfhir.adapter.check.RecordChecker;
import org.imsfhir.adapter.check.RecordSchema;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * Reads IMS session records (version 1) from JSON (one object or an array), NDJSON and CSV, and
 * checks each one against the JSON Schema and the {@link RecordChecker}. Every record gets its own
 * {@link RecordResult}: one bad record never blocks the others. Immutable and thread-safe; build
 * one per process (the schema is compiled once).
 *
 * <p>Order of checks per record: syntax, schema, then the checker. The checker also runs when the
 * schema failed (on the record without the offending values), so a sender sees every problem at
 * once; each field path is reported once, by the first check that found a problem there.
 *
 * <p>{@link ReaderLimits} bound a payload (records, JSON depth and value sizes, CSV rows, columns
 * and cells). A payload over one gives one whole-input result naming the limit: the list-returning
 * forms return only that result; the streaming forms ({@code Consumer} sinks) deliver the records
 * read before the limit, then that result, and read no further. In NDJSON each line is its own
 * JSON document, so a line over a JSON limit fails alone. No exception escapes except
 * {@link UncheckedIOException} / {@link IOException} from the caller's {@code Reader} or file.
 */
public final class ImsRecordReader {

    /**
     * Jackson throws NumberFormatException, not a JsonProcessingException, for a number it cannot
     * parse at all (e.g. 3e666666666666666666: an exponent beyond any int).
     */
    static final String UNREADABLE_NUMBER = "is not valid JSON: it holds a number that cannot be read (its exponent is too large)";

    private final ObjectMapper mapper;
    /** Reads exactly one JSON value: "{...} {...}" is not one record. */
    private final ObjectReader singleValue;
    private final RecordSchema schema;
    private final RecordChecker checker;
    private final CsvLayout csv;
    private final PayloadLimits limits;
    private final RecordTreeCheck trees;

    /** With {@link ReaderLimits#defaults()}. */
    public ImsRecordReader(RecordSchema schema, RecordChecker checker) {
        this(schema, checker, ReaderLimits.defaults());
    }

    public ImsRecordReader(RecordSchema schema, RecordChecker checker, ReaderLimits limits) {
        this.limits = new PayloadLimits(java.util.Objects.requireNonNull(limits, "limits"));
        this.mapper = newMapper(this.limits.constraints());
        this.singleValue = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.schema = schema;
        this.checker = checker;
        this.csv = new CsvLayout(mapper);
        this.trees = new RecordTreeCheck(mapper, schema, checker);
    }

    /** The shipped schema, the standard code lists, the system clock and the default limits. */
    public static ImsRecordReader standard() {
        return standard(ReaderLimits.defaults());
    }

    /** As {@link #standard()} with the given payload limits (e.g. from the service's configuration). */
    public static ImsRecordReader standard(ReaderLimits limits) {
        return new ImsRecordReader(RecordSchema.standard(), RecordChecker.standard(), limits);
    }

    /** The payload limits this reader applies. */
    public ReaderLimits limits() {
        return limits.limits();
    }

    /** As {@link #standard()} with a given clock (for "start not in the future"). */
    public static ImsRecordReader withClock(Clock clock) {
        return new ImsRecordReader(RecordSchema.standard(), new RecordChecker(Terminology.standard(), clock));
    }

    /** The mapper used to bind records: java.time types, decimals as BigDecimal with their scale. */
    public static ObjectMapper newMapper() {
        return newMapper(StreamReadConstraints.defaults());
    }

    private static ObjectMapper newMapper(StreamReadConstraints constraints) {
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints).build())
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                // Keep the offset the clinic sent (not normalised to UTC).
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                // Unknown fields are the schema's job (it names them); the binder just ignores them.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // 0.30 stays 0.30 through the tree.
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                // {"status": "completed", "status": "not-done"} is ambiguous: refuse it.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    // ---------------------------------------------------------------- single record

    /** One record from a JSON object (the HTTP intake's single-record case). */
    public RecordResult readRecord(String json) {
        JsonNode node;
        try {
            node = singleValue.readTree(stripBom(json));
        } catch (JsonProcessingException e) {
            return syntaxFailure(0, json, e);
        } catch (NumberFormatException e) {
            return failure(0, 0, json, UNREADABLE_NUMBER);
        }
        if (node == null || node.isMissingNode()) {
            return failure(0, 0, json, "is empty: expected one JSON object");
        }
        return check(node, 0, 1, json);
    }

    public RecordResult readRecord(byte[] json) {
        return readRecord(new String(json, StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- JSON document

    /**
     * A JSON document holding one record (an object) or a batch (an array of objects). A document
     * that is not valid JSON gives one failed result for the whole input
     * ({@link RecordResult#wholeInput()}): its records cannot be told apart.
     */
    public List<RecordResult> readJson(String document) {
        List<JsonNode> items = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        boolean array;
        try (JsonParser p = mapper.createParser(stripBom(document))) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return List.of(failure(RecordResult.WHOLE_INPUT, 0, document, "is empty: expected a JSON object or array"));
            }
            array = first == JsonToken.START_ARRAY;
            if (array) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    if (limits.atRecordLimit(items.size())) {
                        return List.of(limits.tooManyRecords(p.currentTokenLocation().getLineNr()));
                    }
                    lines.add(p.currentTokenLocation().getLineNr());
                    items.add(mapper.readTree(p));
                }
            } else {
                lines.add(p.currentTokenLocation().getLineNr());
                items.add(mapper.readTree(p));
            }
            if (p.nextToken() != null) {
                return List.of(failure(RecordResult.WHOLE_INPUT, 0, document,
                        "is not valid JSON: content after the end of the document (line "
                                + p.currentTokenLocation().getLineNr() + ")"));
            }
        } catch (JsonProcessingException e) {
            return List.of(syntaxFailure(RecordResult.WHOLE_INPUT, document, e));
        } catch (NumberFormatException e) {
            return List.of(failure(RecordResult.WHOLE_INPUT, 0, document, UNREADABLE_NUMBER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!array) {
            return List.of(check(items.get(0), 0, lines.get(0), document));
        }
        List<RecordResult> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            results.add(check(items.get(i), i, lines.get(i), write(items.get(i))));
        }
        return results;
    }

    // ---------------------------------------------------------------- NDJSON

    /** NDJSON: one record per line; blank lines are skipped; a broken line fails alone. */
    public List<RecordResult> readNdjson(String text) {
        List<RecordResult> results = new ArrayList<>();
        readNdjson(new StringReader(text), results::add);
        return onlyPayloadFailure(results);
    }

    /** A payload refused as a whole is refused whole: its one whole-input result alone. */
    private static List<RecordResult> onlyPayloadFailure(List<RecordResult> results) {
        RecordResult last = results.isEmpty() ? null : results.get(results.size() - 1);
        return last != null && last.wholeInput() ? List.of(last) : results;
    }

    /** Streams NDJSON records to {@code sink} as they are read (large files). */
    public void readNdjson(Reader in, Consumer<RecordResult> sink) {
        BufferedReader reader = in instanceof BufferedReader b ? b : new BufferedReader(in);
        try {
            String line;
            int lineNr = 0;
            int index = 0;
            while ((line = reader.readLine()) != null) {
                lineNr++;
                if (lineNr == 1) {
                    line = stripBom(line);
                }
                if (line.isBlank()) {
                    continue;
                }
                if (limits.atRecordLimit(index)) {
                    sink.accept(limits.tooManyRecords(lineNr));
                    return;
                }
                sink.accept(readLine(index++, lineNr, line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RecordResult readLine(int index, int lineNr, String line) {
        JsonNode node;
        try {
            node = singleValue.readTree(line);
        } catch (JsonProcessingException e) {
            return failure(index, lineNr, line, syntaxReason(e) + " (column " + column(e) + ")");
        } catch (NumberFormatException e) {
            return failure(index, lineNr, line, UNREADABLE_NUMBER);
        }
        return check(node, index, lineNr, line);
    }

    // ---------------------------------------------------------------- CSV

    public List<RecordResult> readCsv(String text) {
        List<RecordResult> results = new ArrayList<>();
        readCsv(new StringReader(text), results::add);
        return onlyPayloadFailure(results);
    }

    /**
     * CSV in the layout of {@code schema/CSV-LAYOUT.md}: one row per treated site, consecutive rows
     * with the same (source_system, session_id) make one record. A header with missing required or
     * unknown columns gives one failed result for the whole input naming each column, and nothing
     * else is read.
     */
    public void readCsv(Reader in, Consumer<RecordResult> sink) {
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setIgnoreSurroundingSpaces(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW)
                .get();
        CSVParser parser;
        try {
            parser = CSVParser.builder().setReader(skipBom(in)).setFormat(format).get();
        } catch (CSVException | IllegalArgumentException | UncheckedIOException e) {
            // Duplicate or broken header. commons-csv's messages can quote cells: not passed on.
            // CSVException: broken quoting in the header (a format problem, not an I/O error).
            sink.accept(failure(RecordResult.WHOLE_INPUT, 1, null, "is not a readable CSV file: the header line is malformed or names a column twice"));
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (parser) {
            List<String> header = parser.getHeaderNames();
            RecordResult tooBig = limits.checkCsvHeader(header);
            if (tooBig != null) {
                sink.accept(tooBig);
                return;
            }
            List<Violation> headerProblems = CsvLayout.checkHeader(header);
            if (!headerProblems.isEmpty()) {
                sink.accept(new RecordResult(RecordResult.WHOLE_INPUT, 1, null, null, null, headerProblems));
                return;
            }
            Iterator<CSVRecord> rows = parser.iterator();
            List<CSVRecord> group = new ArrayList<>();
            int index = 0;
            long rowCount = 0;
            while (true) {
                CSVRecord row;
                try {
                    if (!rows.hasNext()) {
                        break;
                    }
                    row = rows.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    // Broken quoting: the rows from here on cannot be told apart, including the
                    // rest of the session being read. Earlier sessions stand.
                    int line = (int) parser.getCurrentLineNumber();
                    sink.accept(failure(index, line, null, "is not readable: the CSV is malformed near line "
                            + line + "; this and any later records were not read"));
                    return;
                }
                int line = (int) row.getRecordNumber() + 1;
                tooBig = limits.checkCsvRow(row, ++rowCount, line);
                if (tooBig != null) {
                    sink.accept(tooBig);
                    return;
                }
                if (!group.isEmpty() && !sameSession(group.get(0), row)) {
                    sink.accept(csvRecord(index++, group, header));
                    group = new ArrayList<>();
                    if (limits.atRecordLimit(index)) {
                        sink.accept(limits.tooManyRecords(line));
                        return;
                    }
                }
                group.add(row);
            }
            if (!group.isEmpty()) {
                sink.accept(csvRecord(index, group, header));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameSession(CSVRecord a, CSVRecord b) {
        return CsvLayout.cell(a, CsvLayout.SOURCE_SYSTEM).equals(CsvLayout.cell(b, CsvLayout.SOURCE_SYSTEM))
                && CsvLayout.cell(a, CsvLayout.SESSION_ID).equals(CsvLayout.cell(b, CsvLayout.SESSION_ID));
    }

    private RecordResult csvRecord(int index, List<CSVRecord> rows, List<String> header) {
        List<Violation> csvProblems = new ArrayList<>();
        ObjectNode tree = csv.toTree(rows, header, csvProblems);
        // Header is line 1; rows are numbered from 2 (cells spanning lines are not expected).
        int line = (int) rows.get(0).getRecordNumber() + 1;
        return check(tree, index, line, write(tree), csvProblems);
    }

    // ---------------------------------------------------------------- files

    /** Reads a file, choosing the form by extension: .json, .ndjson/.jsonl, .csv. */
    public List<RecordResult> read(Path file) throws IOException {
        List<RecordResult> results = new ArrayList<>();
        read(file, results::add);
        return results;
    }

    /** Streams a file's records to {@code sink} (NDJSON and CSV are not held in memory whole). */
    public void read(Path file, Consumer<RecordResult> sink) throws IOException {
        Format format = Format.of(file);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            read(r, format, sink);
        }
    }

    /** Reads UTF-8 text of the given form (e.g. a classpath resource or an uploaded file). */
    public void read(Reader in, Format format, Consumer<RecordResult> sink) throws IOException {
        switch (format) {
            case JSON -> readJson(stripBom(readAll(in))).forEach(sink);
            case NDJSON -> readNdjson(in, sink);
            case CSV -> readCsv(in, sink);
        }
    }

    private static String readAll(Reader in) throws IOException {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        int n;
        while ((n = in.read(buf)) != -1) {
            sb.append(buf, 0, n);
        }
        return sb.toString();
    }

    /** The input forms, by file extension. */
    public enum Format {
        JSON, NDJSON, CSV;

        /** The form of a file by its extension, or IllegalArgumentException. */
        public static Format of(Path file) {
            return of(file.getFileName().toString());
        }

        /** The form of a file name by its extension, or IllegalArgumentException. */
        public static Format of(String fileName) {
            String name = fileName.toLowerCase(Locale.ROOT);
            if (name.endsWith(".json")) {
                return JSON;
            }
            if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
                return NDJSON;
            }
            if (name.endsWith(".csv")) {
                return CSV;
            }
            throw new IllegalArgumentException("not an IMS record file (.json, .ndjson, .jsonl, .csv): " + name);
        }

        public static boolean supports(Path file) {
            try {
                of(file);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }

    // ---------------------------------------------------------------- checking one tree

    private RecordResult check(JsonNode node, int index, int line, String raw) {
        return trees.check(node, index, line, raw, List.of());
    }

    private RecordResult check(JsonNode node, int index, int line, String raw, List<Violation> earlier) {
        return trees.check(node, index, line, raw, earlier);
    }

    private RecordResult syntaxFailure(int index, String raw, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return failure(index, at == null ? 0 : at.getLineNr(), raw, syntaxReason(e) + where);
    }

    /** Jackson's own message can quote the input; we say what kind of problem it is, no more. */
    private String syntaxReason(JsonProcessingException e) {
        String overLimit = limits.reasonFor(e);
        if (overLimit != null) {
            return overLimit;
        }
        String message = e.getOriginalMessage();
        if (message != null && message.startsWith("Duplicate field")) {
            return "is not valid JSON: a field appears twice in one object";
        }
        return "is not valid JSON";
    }

    private static int column(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
    }

    private static RecordResult failure(int index, int line, String raw, String reason) {
        return new RecordResult(index, line, raw, null, null, List.of(Violation.error("", reason)));
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    private static Reader skipBom(Reader in) throws IOException {
        java.io.PushbackReader r = new java.io.PushbackReader(in, 1);
        int c = r.read();
        if (c != -1 && c != '\uFEFF') {
            r.unread(c);
        }
        return r;
    }
}
