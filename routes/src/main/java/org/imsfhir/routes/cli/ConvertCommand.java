package org.imsfhir.routes.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.check.RecordChecker;
import org.imsfhir.adapter.check.RecordSchema;
import org.imsfhir.adapter.terminology.Terminology;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.engine.Judgement;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.routes.intake.InboxChunks;

/**
 * {@code convert INPUT... [--out DIR]}: reads IMS records from files or folders (JSON, NDJSON, CSV),
 * writes one EHR transaction Bundle per good record to {@code DIR}, and lists every failed record
 * with its field paths and reasons on stderr and in {@code DIR/report.json}.
 *
 * <p>Every Bundle is validated against the IMS profiles before it is written (a Bundle with errors
 * is not written: the record fails with the validator's locations and message ids); {@code --no-validate}
 * skips that for speed. Plain Java (no Camel): conversion and validation are the adapter library's job. Exit code 0 when every record converted, 1 when any failed, 2 on a
 * usage or I/O error. Messages name records by file, position and session key, never by patient data.
 */
public final class ConvertCommand {

    static final String USAGE = "usage: convert INPUT... [--out DIR] [--no-validate]   (INPUT: .json, .ndjson, .jsonl, .csv file or a folder of them)";
    /** Inputs larger than this get a progress line on stderr every {@value} records. */
    static final int PROGRESS_EVERY = 500;
    /** NDJSON records read at a time: well under the reader's limit per payload (1,000 by default). */
    static final int RECORDS_PER_CHUNK = 500;

    /** The engine for a run: with or without profile validation ({@code --no-validate}). */
    private final Function<Boolean, ImsEngine> engines;
    private final PrintStream out;
    private final PrintStream err;

    public ConvertCommand(Function<Boolean, ImsEngine> engines, PrintStream out, PrintStream err) {
        this.engines = engines;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command on an engine of its own (indented Bundles, for people to read; the schema, code
     * lists and validator loaded for this run, not taken from process-wide holders); returns the exit code.
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return new ConvertCommand(validate -> {
            Terminology terminology = Terminology.load(FhirContext.forR4Cached());
            return ImsEngine.builder().prettyJson(true)
                    .reader(new ImsRecordReader(RecordSchema.load(), new RecordChecker(terminology, Clock.systemUTC())))
                    .converter(new ImsToFhirConverter(terminology))
                    .validator(validate ? () -> ProfileValidator.builder(FhirContext.forR4Cached()).build() : null)
                    .build();
        }, out, err).execute(args);
    }

    public int execute(List<String> args) {
        Arguments parsed;
        try {
            parsed = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            List<Path> files = inputFiles(parsed.inputs());
            Files.createDirectories(parsed.outDir());
            ImsEngine engine = engines.apply(parsed.validate());
            Summary summary = new Summary();
            for (Path file : files) {
                Consumer<RecordResult> sink = result -> handle(file, result, engine, parsed.outDir(), summary);
                if (ImsRecordReader.Format.of(file) == ImsRecordReader.Format.NDJSON) {
                    readInChunks(engine.reader(), file, sink);
                } else {
                    engine.reader().read(file, sink);
                }
            }
            writeReport(parsed.outDir(), files, summary);
            out.printf("%d record(s) read from %d file(s): %d converted, %d failed; bundles and report.json in %s%n",
                    summary.records, files.size(), summary.converted, summary.failures.size(), parsed.outDir());
            return summary.failures.isEmpty() ? 0 : 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("convert: " + e.getMessage());
            return 2;
        }
    }

    /**
     * An NDJSON file of any length, {@value #RECORDS_PER_CHUNK} records at a time (as the service's inbox
     * reads it): the reader's limit per payload applies to each chunk, not to the file, and record
     * indexes and lines stay the file's.
     */
    private static void readInChunks(ImsRecordReader reader, Path file, Consumer<RecordResult> sink) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            InboxChunks chunks = new InboxChunks(in, PayloadFormat.NDJSON, RECORDS_PER_CHUNK);
            for (InboxChunks.Chunk chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
                InboxChunks.Chunk c = chunk;
                reader.read(new StringReader(c.text()), ImsRecordReader.Format.NDJSON, r -> sink.accept(new RecordResult(
                        r.wholeInput() ? r.index() : r.index() + c.recordsBefore(), c.fileLine(r.line()),
                        r.raw(), r.key(), r.session(), r.violations())));
            }
        }
    }

    private void handle(Path file, RecordResult result, ImsEngine engine, Path outDir, Summary summary) {
        summary.records++;
        Judgement judged = result.ok() ? engine.judge(result.session()) : null; // validated as written, encoded once
        if (judged != null && judged.valid()) {
            summary.converted++;
            write(outDir.resolve(bundleFileName(summary.converted, result)), judged.bundleJson());
            result.warnings().forEach(w -> summary.warnings.add(entry(file, result, List.of(w))));
        } else if (judged != null) {
            // The record was fine but its Bundle breaks a profile: a mapping or profile defect, never sent.
            Map<String, Object> failure = entry(file, result, List.of());
            failure.put("issues", judged.errors().stream().map(i -> Map.of("path", i.location(),
                    "reason", i.messageId() + (i.invariant() == null ? "" : " [" + i.invariant() + "]"),
                    "level", "error")).toList());
            summary.failures.add(failure);
            judged.errors().forEach(i -> err.printf("FAILED %s %s [%s]: profile validation %s%n",
                    file, result.position(), result.key(), i.toLogString()));
        } else {
            Map<String, Object> failure = entry(file, result, result.errors());
            summary.failures.add(failure);
            for (Violation v : result.errors()) {
                err.printf("FAILED %s %s%s: %s%n", file, result.position(),
                        result.key() == null ? "" : " [" + result.key() + "]", v);
            }
        }
        if (summary.records % PROGRESS_EVERY == 0) {
            err.printf("... %d records read, %d converted, %d failed%n",
                    summary.records, summary.converted, summary.failures.size());
        }
    }

    /**
     * Bundle file name: sequence number (a session may come twice, e.g. sent then retracted), clinic
     * and session id (no patient data), made safe for any file system.
     */
    static String bundleFileName(int sequence, RecordResult result) {
        String clinic = result.session().source().clinicId();
        String name = (clinic == null ? "" : clinic + "_") + result.session().sessionId();
        return String.format("%05d-%s.bundle.json", sequence, name.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    private static Map<String, Object> entry(Path file, RecordResult result, List<Violation> violations) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("file", file.toString());
        e.put("record", result.index());
        if (result.line() > 0) {
            e.put("line", result.line());
        }
        if (result.key() != null) {
            e.put("sessionKey", result.key().toString());
        }
        List<Map<String, String>> issues = new ArrayList<>();
        for (Violation v : violations) {
            issues.add(Map.of("path", v.path(), "reason", v.reason(), "level", v.level().name().toLowerCase()));
        }
        e.put("issues", issues);
        return e;
    }

    private void writeReport(Path outDir, List<Path> files, Summary summary) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("inputs", files.stream().map(Path::toString).toList());
        report.put("records", summary.records);
        report.put("converted", summary.converted);
        report.put("failed", summary.failures.size());
        report.put("failures", summary.failures);
        report.put("warnings", summary.warnings);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(outDir.resolve("report.json").toFile(), report);
    }

    private static void write(Path path, String text) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files named on the command line, and the supported files inside named folders (sorted). */
    static List<Path> inputFiles(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).filter(ImsRecordReader.Format::supports).sorted()
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(input)) {
                if (!ImsRecordReader.Format.supports(input)) {
                    throw new IOException(input + ": not a .json, .ndjson, .jsonl or .csv file");
                }
                files.add(input);
            } else {
                throw new IOException(input + ": no such file or folder");
            }
        }
        return files;
    }

    private static final class Summary {
        int records;
        int converted;
        final List<Map<String, Object>> failures = new ArrayList<>();
        final List<Map<String, Object>> warnings = new ArrayList<>();
    }

    record Arguments(List<Path> inputs, Path outDir, boolean validate) {
        static Arguments parse(List<String> args) {
            List<Path> inputs = new ArrayList<>();
            Path out = Path.of("out");
            boolean validate = true;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("--out")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--out needs a folder");
                    }
                    out = Path.of(args.get(++i));
                } else if (a.equals("--no-validate")) {
                    validate = false;
                } else if (a.startsWith("--out=")) {
                    out = Path.of(a.substring("--out=".length()));
                } else if (a.startsWith("-")) {
                    throw new IllegalArgumentException("unknown option " + a);
                } else {
                    inputs.add(Path.of(a));
                }
            }
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("no INPUT given");
            }
            return new Arguments(inputs, out, validate);
        }
    }
}
