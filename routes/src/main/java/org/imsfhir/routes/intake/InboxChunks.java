package org.imsfhir.routes.intake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.imsfhir.adapter.engine.PayloadFormat;

/**
 * Reads a large NDJSON or CSV inbox file as a stream of chunks of at most {@code recordsPerChunk}
 * records (CSV: rows), so a file is never held in memory whole and each chunk becomes an intake of
 * its own (the command line reads NDJSON files the same way, past the reader's per-payload record
 * limit). A CSV chunk starts with the file's header line and is cut only between sessions (the
 * rows of one session, same {@code source_system} and {@code session_id}, stay together, so a chunk
 * may exceed its row count by the rows of its last session). Line numbers are kept:
 * {@link Chunk#fileLine} turns a line of a chunk into the line of the file (a CSV chunk's line 1 is
 * the header).
 */
public final class InboxChunks {

    /**
     * One chunk: its text (a payload of the file's format), the number of records of the file before
     * it, and the file line of each of its lines.
     */
    public record Chunk(String text, int recordsBefore, int[] fileLines) {

        /** The file's line number of line {@code chunkLine} of this chunk (1-based, as the reader reports them). */
        public int fileLine(int chunkLine) {
            return chunkLine >= 1 && chunkLine <= fileLines.length ? fileLines[chunkLine - 1] : chunkLine;
        }
    }

    /** A line of the file and its number. */
    private record Line(String text, int number) {
    }

    private final BufferedReader reader;
    private final boolean csv;
    private final int recordsPerChunk;
    private Line header;
    private int[] keyColumns;
    private int lineNr;
    private int records;
    /** The line read ahead that starts the next chunk. */
    private Line pending;

    public InboxChunks(BufferedReader reader, PayloadFormat format, int recordsPerChunk) {
        if (format == PayloadFormat.JSON) {
            throw new IllegalArgumentException("JSON files are read whole");
        }
        this.reader = reader;
        this.csv = format == PayloadFormat.CSV;
        this.recordsPerChunk = Math.max(1, recordsPerChunk);
    }

    /** The next chunk, or null at the end of the file. */
    public Chunk next() throws IOException {
        if (csv && header == null && !readHeader()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        List<Integer> lines = new ArrayList<>();
        if (csv) {
            text.append(header.text()).append('\n');
            lines.add(header.number());
        }
        int inChunk = 0; // records (sessions) of this chunk
        int size = 0; // what the chunk size counts: records, or rows for CSV (the reader bounds both)
        String lastKey = null;
        for (Line line = takePending(); line != null; line = readLine()) {
            if (line.text().isBlank()) {
                // Skipped by the reader; kept inside an NDJSON chunk so its line numbers stay the file's.
                if (!csv && inChunk > 0) {
                    text.append('\n');
                    lines.add(line.number());
                }
                continue;
            }
            String key = csv ? sessionKey(line.text()) : null;
            boolean newRecord = !csv || !key.equals(lastKey);
            if (newRecord && size >= recordsPerChunk) {
                pending = line;
                break;
            }
            if (newRecord) {
                inChunk++;
            }
            size += newRecord || csv ? 1 : 0;
            lastKey = key;
            text.append(line.text()).append('\n');
            lines.add(line.number());
        }
        if (inChunk == 0) {
            return null;
        }
        Chunk chunk = new Chunk(text.toString(), records, lines.stream().mapToInt(Integer::intValue).toArray());
        records += inChunk;
        return chunk;
    }

    private Line takePending() throws IOException {
        Line line = pending;
        pending = null;
        return line != null ? line : readLine();
    }

    private Line readLine() throws IOException {
        String text = reader.readLine();
        if (text == null) {
            return null;
        }
        lineNr++;
        if (lineNr == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return new Line(text, lineNr);
    }

    private boolean readHeader() throws IOException {
        Line line = readLine();
        while (line != null && line.text().isBlank()) {
            line = readLine(); // leading blank lines carry nothing
        }
        if (line == null) {
            return false;
        }
        header = line;
        List<String> names = cells(line.text()).stream().map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
        keyColumns = new int[] {names.indexOf("source_system"), names.indexOf("session_id")};
        return true;
    }

    /** The session a CSV row belongs to (the whole row when the header lacks the key columns). */
    private String sessionKey(String line) {
        if (keyColumns[0] < 0 || keyColumns[1] < 0) {
            return line;
        }
        List<String> cells = cells(line);
        return cell(cells, keyColumns[0]) + "|" + cell(cells, keyColumns[1]);
    }

    private static String cell(List<String> cells, int i) {
        return i < cells.size() ? cells.get(i) : "";
    }

    private static List<String> cells(String line) {
        try (CSVParser parser = CSVParser.parse(new StringReader(line), CSVFormat.DEFAULT)) {
            List<CSVRecord> rows = parser.getRecords();
            return rows.isEmpty() ? List.of() : rows.get(0).toList();
        } catch (IOException | RuntimeException unparsable) {
            return List.of(line); // the reader reports it; here it only has to land in some chunk
        }
    }
}
