package org.imsfhir.routes.build;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.imsfhir.routes.it.AdapterProcess;
import org.imsfhir.routes.support.TestDirs;
import org.springframework.util.FileSystemUtils;

/**
 * The class-data-sharing training run of {@code mvn package} (docs/operations.md, "Start-up"): starts
 * the extracted service jar in demo mode with {@code -XX:ArchiveClassesAtExit}, waits for readiness,
 * posts one sample record, waits for its Bundle to be delivered and stops the service with SIGTERM; the
 * JVM then writes every class it loaded (Spring, Camel, Tomcat, HAPI, the validators, the intake and
 * delivery paths) into the archive. Later starts with {@code -XX:SharedArchiveFile} map those classes
 * instead of loading and verifying them again.
 *
 * <p>Arguments: the extracted jar, the archive to write, a working folder (made afresh: H2 database,
 * inbox, out), the sample record. Fails the build when the service does not start, the record is not
 * accepted, or no archive is written.
 */
public final class ClassDataSharingTraining {

    private static final Duration START_LIMIT = Duration.ofMinutes(3);
    private static final Duration STEP_LIMIT = Duration.ofMinutes(1);

    private ClassDataSharingTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path archive = Path.of(args[1]).toAbsolutePath();
        Path work = Path.of(args[2]).toAbsolutePath();
        String record = Files.readString(Path.of(args[3]));
        Files.deleteIfExists(archive);
        FileSystemUtils.deleteRecursively(work);
        Files.createDirectories(work);

        int port = AdapterProcess.freePort();
        String base = "http://127.0.0.1:" + port;
        Path log = work.resolve("training.log");
        long started = System.nanoTime();
        Process service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString(),
                "--spring.profiles.active=demo", "--server.port=" + port)
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient client = HttpClient.newHttpClient();
            awaitStep(service, log, START_LIMIT, () -> AdapterProcess.ready(client, base));
            AdapterProcess.postValidRecord(base, work.resolve("data/operator-credential"), record);
            awaitStep(service, log, STEP_LIMIT, () -> TestDirs.jsonFiles(work.resolve("out/ehr")) > 0);
        } finally {
            service.destroy(); // SIGTERM: a normal JVM exit, which writes the archive
            if (!service.waitFor(STEP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("no class-data archive was written; see " + log);
        }
        System.out.printf(Locale.ROOT, "Class-data archive %s (%.0f MB) from a training run of %d s%n", archive,
                Files.size(archive) / 1e6, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private interface Step {
        boolean done() throws Exception;
    }

    private static void awaitStep(Process service, Path log, Duration limit, Step step) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!step.done()) {
            if (!service.isAlive()) {
                throw new IllegalStateException("the service exited during the training run; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the training run took longer than " + limit + "; see " + log);
            }
            Thread.sleep(100);
        }
    }
}
