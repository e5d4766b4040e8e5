package org.imsfhir.routes.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.imsfhir.routes.support.TestRecords;
import org.springframework.util.FileSystemUtils;

/**
 * The command line converting a large NDJSON file (a main that prints figures, not a timed test):
 * N synthetic records (the routes test template, 14-entry Bundles, N/4 patients) written to one NDJSON
 * file, then {@code java -Xmx512m -jar ims-fhir-adapter.jar convert FILE --out DIR} in its own JVM, as an
 * operator runs it: validation on (the compiled validator, HL7 for anything it hands over). Prints
 * records/s (wall clock, JVM start included) and the peak heap, read from the JVM's GC log (the
 * largest heap occupancy before a collection); the run fails outright if 512 MB is not enough.
 *
 * <p>Run: {@code mvn -B -q -pl routes -am -Pcli-bench -DskipTests verify [-Dbench.records=100000]}.
 */
public final class CliBenchmark {

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private CliBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path jar = Path.of(System.getProperty("ims.test.adapter.jar", "target/ims-fhir-adapter.jar"));
        System.out.printf(Locale.ROOT, "CliBenchmark: %d records, %d CPUs, load average %.2f, %s%n", n,
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), java.time.LocalDateTime.now());
        Path dir = Files.createTempDirectory("ims-cli-bench");
        // One NDJSON file: the command line reads it in chunks, past the reader's limit per payload.
        Path input = dir.resolve("records.ndjson");
        TestRecords records = new TestRecords("https://bench.example/cli");
        try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (int from = 0; from < n; from += 1000) {
                out.write(TestRecords.ndjson(records.sessions(from, Math.min(n, from + 1000), Math.max(1, n / 4))));
            }
        }
        System.out.printf(Locale.ROOT, "input: one NDJSON file, %d MiB%n", Files.size(input) >> 20);
        Path gcLog = dir.resolve("gc.log");
        Path outDir = dir.resolve("out");
        List<String> command = List.of("java", "-Xmx512m", "-Xlog:gc:file=" + gcLog, "-jar", jar.toString(), "convert",
                input.toString(), "--out", outDir.toString());
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("cli.log").toFile()).start();
        if (!p.waitFor(2, TimeUnit.HOURS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the command line did not finish within 2 hours");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long bundles;
        try (Stream<Path> files = Files.list(outDir)) {
            bundles = files.filter(f -> f.getFileName().toString().endsWith(".json") && !f.endsWith("report.json")).count();
        }
        System.out.printf(Locale.ROOT, "exit code %d; %d Bundles written in %.1f s: %.1f records/s (JVM start included)%n",
                p.exitValue(), bundles, seconds, n / seconds);
        System.out.printf(Locale.ROOT, "peak heap (largest occupancy before a GC, -Xmx512m): %d MiB%n", peakHeapMiB(gcLog));
        if (p.exitValue() != 0 || bundles != n) {
            throw new IllegalStateException("expected " + n + " Bundles and exit code 0; see " + dir.resolve("cli.log"));
        }
        FileSystemUtils.deleteRecursively(dir);
    }

    private static long peakHeapMiB(Path gcLog) throws IOException {
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                peak = Math.max(peak, Long.parseLong(m.group(1)));
            }
        }
        return peak;
    }
}
