package org.imsfhir.routes.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.imsfhir.routes.it.AdapterProcess;
import org.imsfhir.routes.support.TestDirs;

/**
 * Cold starts of the service jar as the README's quick start runs it ({@code java
 * -XX:SharedArchiveFile=app/ims-fhir-adapter.jsa -jar app/ims-fhir-adapter.jar ... demo}; a jar without
 * a {@code .jsa} beside it starts without class-data sharing), each
 * in a fresh folder (new H2 database, so Flyway migrates it), or with
 * {@code -Dims.test.startup.existing-database=true} all in one folder installed by a first start that
 * is not counted (a restart, or a node added to a running deployment): the time from launching the JVM to
 * readiness UP, and to the answer accepting one posted record (judged VALID, so the profile validator
 * has run once). Prints every start, then the median and the maximum of each. Several jars (a
 * reference build beside the new one) take turns, so each start of one has a start of the other
 * under the same load.
 *
 * <p>Run: {@code mvn -B -q -pl routes -am -Pstartup-bench -DskipTests verify [-Dbench.starts=5]
 * [-Dbench.jars=reference.jar,target/app/ims-fhir-adapter.jar]}. An entry of {@code bench.jars} may
 * carry JVM options after the jar, separated by spaces ({@code "target/app/ims-fhir-adapter.jar
 * -XX:TieredStopAtLevel=1"}): the same jar started with and without them is then measured in one run.
 * Not a test: the figures depend on the machine and its load (recorded in docs/benchmarks.md).
 */
public final class StartupBenchmark {

    private static final Duration POLL = Duration.ofMillis(50);
    private static final Path SAMPLE = Path.of("../test-fixtures/src/main/resources/samples/valid/valid-01-lumbar-radiculopathy.json");

    private StartupBenchmark() {
    }

    /** One cold start's figures, in milliseconds from launching the JVM. */
    record Start(long readyMillis, long acceptedMillis) {
    }

    /** A jar and the JVM options it is started with (besides the class-data archive beside it). */
    record Variant(Path jar, List<String> jvmOptions) {
        static Variant parse(String entry) {
            List<String> words = List.of(entry.trim().split("\\s+"));
            return new Variant(Path.of(words.get(0)), words.subList(1, words.size()));
        }

        @Override
        public String toString() {
            return jvmOptions.isEmpty() ? jar.toString() : jar + " " + String.join(" ", jvmOptions);
        }
    }

    public static void main(String[] args) throws Exception {
        int starts = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Variant> jars = new ArrayList<>();
        for (String entry : System.getProperty("ims.test.adapter.jar", "target/ims-fhir-adapter.jar").split(",")) {
            jars.add(Variant.parse(entry));
        }
        String record = Files.readString(SAMPLE);
        // With an existing database, each jar has one folder: a first start (not counted) installs it.
        boolean existingDatabase = Boolean.getBoolean("ims.test.startup.existing-database");
        System.out.printf(Locale.ROOT, "StartupBenchmark: %d cold starts of each jar (%s), %d CPUs, load average %.2f%n",
                starts, existingDatabase ? "existing database" : "each a fresh install", Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Map<Variant, Path> installed = new LinkedHashMap<>();
        if (existingDatabase) {
            for (Variant jar : jars) {
                Path dir = TestDirs.create("startup-installed");
                Start s = coldStart(jar, record, dir);
                System.out.printf(Locale.ROOT, "%s install (not counted): ready %d ms, record accepted %d ms%n", jar, s.readyMillis(), s.acceptedMillis());
                installed.put(jar, dir);
            }
        }
        Map<Variant, List<Start>> runs = new LinkedHashMap<>();
        for (int i = 1; i <= starts; i++) {
            for (Variant jar : jars) { // jars take turns, so load from elsewhere falls on each alike
                Path dir = existingDatabase ? installed.get(jar) : TestDirs.create("startup-" + i);
                Start s = coldStart(jar, record, dir);
                System.out.printf(Locale.ROOT, "%s start %d: ready %d ms, record accepted %d ms%n", jar, i, s.readyMillis(), s.acceptedMillis());
                runs.computeIfAbsent(jar, j -> new ArrayList<>()).add(s);
            }
        }
        for (Map.Entry<Variant, List<Start>> e : runs.entrySet()) {
            List<Long> ready = e.getValue().stream().map(Start::readyMillis).sorted().toList();
            List<Long> accepted = e.getValue().stream().map(Start::acceptedMillis).sorted().toList();
            System.out.printf(Locale.ROOT, "%s (%.1f MB%s): ready median %d ms, max %d ms; record accepted median %d ms, max %d ms%n",
                    e.getKey(), shippedBytes(e.getKey().jar()) / 1e6, Files.isRegularFile(AdapterProcess.archiveOf(e.getKey().jar())) ? " with lib/, class-data archive" : "", ready.get(ready.size() / 2), Collections.max(ready),
                    accepted.get(accepted.size() / 2), Collections.max(accepted));
        }
        System.exit(0);
    }

    private static Start coldStart(Variant variant, String record, Path dir) throws Exception {
        Path jar = variant.jar();
        int port = AdapterProcess.freePort();
        String base = "http://127.0.0.1:" + port;
        long launched = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path archive = AdapterProcess.archiveOf(jar);
        if (Files.isRegularFile(archive)) { // the quick start's way: the class-data archive made at package
            command.add("-XX:SharedArchiveFile=" + archive.toAbsolutePath());
        }
        command.addAll(variant.jvmOptions());
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "--spring.profiles.active=demo", "--server.port=" + port));
        Process service = new ProcessBuilder(command)
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile()).start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            while (!AdapterProcess.ready(client, base)) {
                if (!service.isAlive()) {
                    throw new IllegalStateException("the service exited; see " + dir.resolve("service.log"));
                }
                Thread.sleep(POLL.toMillis());
            }
            long ready = millisSince(launched);
            AdapterProcess.postValidRecord(base, dir.resolve("data/operator-credential"), record);
            return new Start(ready, millisSince(launched));
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    /** The jar's size, with the libraries of an extracted jar ({@code lib/} beside it). */
    private static long shippedBytes(Path jar) throws java.io.IOException {
        long bytes = Files.size(jar);
        Path lib = jar.resolveSibling("lib");
        if (Files.isDirectory(lib)) {
            try (java.util.stream.Stream<Path> files = Files.list(lib)) {
                for (Path f : files.toList()) {
                    bytes += Files.size(f);
                }
            }
        }
        return bytes;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
