package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imsfhir.routes.support.TestDirs;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start, run as written: its "Run the main job" command (after the build step,
 * which this build has just done) in a fresh folder laid out like a checkout, then its {@code curl}
 * line. Every sample must end up as a Bundle in {@code out/ehr} and DELIVERED in the answer. Only
 * the port differs (IMS_PORT, so a busy 8080 cannot fail the test).
 */
class QuickStartIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path SAMPLES = REPO.resolve("test-fixtures/src/main/resources/samples");

    @Test
    void theReadmeQuickStartDeliversEverySample() throws Exception {
        String readme = Files.readString(REPO.resolve("README.md"));
        String mainJob = codeBlockAfter(readme, "**Run the main job**");
        assertThat(mainJob).startsWith("mvn ");
        String afterBuild = mainJob.substring(mainJob.indexOf("&&") + 2).trim();
        int lastJava = afterBuild.lastIndexOf("java ");
        String command = afterBuild.substring(0, lastJava) + "exec " + afterBuild.substring(lastJava);
        assertThat(command).as("the quick start uses the class-data archive made at package")
                .contains("-XX:SharedArchiveFile=routes/target/app/ims-fhir-adapter.jsa");
        String curl = readme.lines().filter(l -> l.startsWith("curl ")).findFirst().orElseThrow();
        long samples = TestDirs.jsonFiles(SAMPLES.resolve("valid"));

        Path checkout = checkoutWithJarAndSamples("quick-start");
        // A missing archive is silent (the JVM just loads every class itself), so look for it
        assertThat(checkout.resolve("routes/target/app/ims-fhir-adapter.jsa")).isRegularFile();
        int port = AdapterProcess.freePort();
        Path log = checkout.resolve("quick-start.log");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(checkout.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("IMS_PORT", String.valueOf(port));
        Process service = builder.start();
        try {
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                assertThat(service.isAlive()).as("the service runs; log: %s", log).isTrue();
                return TestDirs.jsonFiles(checkout.resolve("out/ehr")) >= samples;
            });
            assertThat(TestDirs.jsonFiles(checkout.resolve("out/ehr"))).isEqualTo(samples);

            Path credential = checkout.resolve("data/operator-credential");
            assertThat(Files.getPosixFilePermissions(credential)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String password = Files.readString(credential).trim();
            JsonNode summary = await().atMost(Duration.ofMinutes(1)).until(
                    () -> new ObjectMapper().readTree(run(checkout, curl.replace("localhost:8080", "localhost:" + port))),
                    s -> s.path("ehr").path("DELIVERED").asLong() == samples);
            assertThat(summary.path("ehr").size()).as("nothing pending or dead").isEqualTo(1);

            String logText = Files.readString(log);
            assertThat(logText).contains(credential.getFileName().toString()).doesNotContain(password);
            assertThat(logText).doesNotContain(" ERROR ");
            // The JVM says so when it cannot map the archive (made from other jars) and then loads every
            // class itself: the start-up would lose its head start without failing.
            assertThat(logText).doesNotContain("[cds").doesNotContain("shared archive");
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    /**
     * The README's one-off conversion, run as written from the jar: the command line starts its own
     * Spring context (profile {@code cli}), so a service-only bean that leaks into it fails here.
     */
    @Test
    void theReadmeConvertCommandWritesOneBundlePerRecord() throws Exception {
        String readme = Files.readString(REPO.resolve("README.md"));
        String command = codeBlockAfter(readme, "Convert files once without the service");
        assertThat(command).startsWith("java -jar routes/target/ims-fhir-adapter.jar convert ");
        Path checkout = checkoutWithJarAndSamples("convert");

        Process convert = new ProcessBuilder("bash", "-c", command).directory(checkout.toFile())
                .redirectErrorStream(true).redirectOutput(checkout.resolve("convert.log").toFile()).start();
        assertThat(convert.waitFor(5, TimeUnit.MINUTES)).isTrue();

        String log = Files.readString(checkout.resolve("convert.log"));
        assertThat(convert.exitValue()).as(log).isZero();
        JsonNode report = new ObjectMapper().readTree(checkout.resolve("out/report.json").toFile());
        long converted = report.path("converted").asLong();
        assertThat(converted).as("report: %s", report).isPositive();
        assertThat(report.path("failed").asLong()).isZero();
        assertThat(TestDirs.jsonFiles(checkout.resolve("out")) - 1).as("one Bundle per record besides report.json").isEqualTo(converted);
        assertThat(log).doesNotContain(" ERROR ");
    }

    /** A folder laid out like a checkout: the built jar and the sample records where the README expects them. */
    private static Path checkoutWithJarAndSamples(String name) throws IOException {
        Path checkout = TestDirs.create(name);
        Files.createDirectories(checkout.resolve("routes/target"));
        Files.createSymbolicLink(checkout.resolve("routes/target/ims-fhir-adapter.jar"), AdapterProcess.jar().toAbsolutePath());
        // The extracted jar and its class-data archive (made at package beside the jar)
        Files.createSymbolicLink(checkout.resolve("routes/target/app"), AdapterProcess.jar().toAbsolutePath().resolveSibling("app"));
        Files.createDirectories(checkout.resolve("test-fixtures/src/main/resources"));
        Files.createSymbolicLink(checkout.resolve("test-fixtures/src/main/resources/samples"), SAMPLES);
        return checkout;
    }

    private static String run(Path dir, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** The first fenced code block after a marker, as one line. */
    private static String codeBlockAfter(String text, String marker) {
        Matcher m = Pattern.compile("```bash\\n(.*?)\\n```", Pattern.DOTALL).matcher(text);
        int from = text.indexOf(marker);
        assertThat(from).as("README has %s", marker).isNotNegative();
        assertThat(m.find(from)).isTrue();
        return String.join(" ", List.of(m.group(1).split("\\\\?\\n"))).trim();
    }
}
