package org.imsfhir.adapter.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.read.RecordResult;

/**
 * The record reader and checker fed raw bytes as JSON, NDJSON and CSV. Only the documented
 * outcomes may come out (see {@link DocumentedOutcomes}); any exception, a hang or a crash is a
 * finding. In a normal build (no JAZZER_FUZZ) each runs the committed inputs in
 * {@code ReaderFuzzTestInputs/<method>/}; fuzzing for a set time is described in docs/fuzzing.md.
 */
class ReaderFuzzTest {

    /** A fixed clock so that a finding reproduces ("start not in the future" depends on it). */
    private static final ImsRecordReader READER =
            ImsRecordReader.withClock(Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));

    @FuzzTest(maxDuration = "5m")
    void json(byte[] input) {
        // One entry point per input (throughput): the batch/document form or the single-record form
        // (the streamed JSON form only wraps the document form).
        if (input.length % 2 == 0) {
            DocumentedOutcomes.check(READER.readJson(new String(input, StandardCharsets.UTF_8)));
        } else {
            DocumentedOutcomes.check(READER.readRecord(input));
        }
    }

    @FuzzTest(maxDuration = "5m")
    void ndjson(byte[] input) throws IOException {
        // The list form or the streamed form (decoding included), one per input.
        if (input.length % 2 == 0) {
            DocumentedOutcomes.check(READER.readNdjson(new String(input, StandardCharsets.UTF_8)));
        } else {
            DocumentedOutcomes.check(streamed(input, ImsRecordReader.Format.NDJSON));
        }
    }

    @FuzzTest(maxDuration = "5m")
    void csv(byte[] input) throws IOException {
        if (input.length % 2 == 0) {
            DocumentedOutcomes.check(READER.readCsv(new String(input, StandardCharsets.UTF_8)));
        } else {
            DocumentedOutcomes.check(streamed(input, ImsRecordReader.Format.CSV));
        }
    }

    /** The streaming form, as files and uploads are read (decoding included). */
    private static List<RecordResult> streamed(byte[] input, ImsRecordReader.Format format) throws IOException {
        List<RecordResult> results = new ArrayList<>();
        try (Reader r = new InputStreamReader(new ByteArrayInputStream(input), StandardCharsets.UTF_8)) {
            READER.read(r, format, results::add);
        }
        return results;
    }
}
