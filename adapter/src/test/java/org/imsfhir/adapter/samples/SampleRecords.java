package org.imsfhir.adapter.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.record.ImsSession;

/**
 * The sample record corpus of the test-fixtures module, read from the classpath (works from a
 * folder or a jar: the files are listed in {@code samples/valid/index.txt}). For any test that wants
 * to run something over every valid sample.
 */
public final class SampleRecords {

    public static final String VALID_DIR = "/samples/valid/";
    public static final String INVALID_DIR = "/samples/invalid/";
    /** Batch files in which some records are bad (for per-record outcome tests). */
    public static final String INVALID_BATCHES_DIR = "/samples/invalid-batches/";

    private static final ImsRecordReader READER = ImsRecordReader.standard();

    private SampleRecords() {
    }

    /** Classpath resource paths of all valid samples (JSON, NDJSON and CSV). */
    public static List<String> validResources() {
        return index().stream().map(name -> VALID_DIR + name).toList();
    }

    /** Classpath resource paths of the valid single-record JSON samples. */
    public static List<String> validJsonResources() {
        return validResources().stream().filter(r -> r.endsWith(".json")).toList();
    }

    /** The text of a classpath resource (UTF-8). */
    public static String text(String resource) {
        try (InputStream in = SampleRecords.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no such sample on the classpath: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record of a sample resource, read and checked by the standard reader. */
    public static List<RecordResult> read(String resource) {
        List<RecordResult> results = new ArrayList<>();
        try (Reader r = open(resource)) {
            READER.read(r, ImsRecordReader.Format.of(resource), results::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return results;
    }

    /** The session of a valid single-record sample; fails loudly if it does not read clean. */
    public static ImsSession load(String resource) {
        List<RecordResult> results = read(resource);
        if (results.size() != 1 || !results.get(0).ok()) {
            throw new IllegalStateException("sample " + resource + " is not one clean record: " + results);
        }
        return results.get(0).session();
    }

    /** All sessions of all valid samples (every record of the batch files too). */
    public static List<ImsSession> loadAllValid() {
        List<ImsSession> sessions = new ArrayList<>();
        for (String resource : validResources()) {
            for (RecordResult r : read(resource)) {
                if (!r.ok()) {
                    throw new IllegalStateException("sample " + resource + " has a bad record: " + r);
                }
                sessions.add(r.session());
            }
        }
        return sessions;
    }

    private static List<String> index() {
        return List.of(text(VALID_DIR + "index.txt").split("\\R")).stream()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
    }

    private static Reader open(String resource) {
        InputStream in = SampleRecords.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalArgumentException("no such sample on the classpath: " + resource);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }
}
