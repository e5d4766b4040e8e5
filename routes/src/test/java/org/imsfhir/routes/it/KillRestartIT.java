package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.imsfhir.fixtures.FhirTestServer;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;

/**
 * The service as its own JVM on an H2 file, killed with {@code kill -9} in the middle of a
 * 2,000-record run (while batches are still coming in and deliveries are under way), then started
 * again on the same file: every session reaches the FHIR server exactly once. The sender behaves
 * like a real one: a batch that got no answer is sent again.
 */
class KillRestartIT {

    private static final int RECORDS = 2000;
    private static final int BATCH = 100;
    private static final int PATIENTS = 400;

    @Test
    void killedMidRunAndRestartedDeliversEverySessionExactlyOnce() throws Exception {
        FhirTestServer fhir = TestFhir.shared();
        TestRecords records = new TestRecords("https://kill-it.example/pms");
        List<ObjectNode> sessions = records.sessions(0, RECORDS, PATIENTS);
        Path work = Files.createTempDirectory("kill-restart-it");
        Path log = work.resolve("adapter.log");
        int port = AdapterProcess.freePort();
        List<String> arguments = List.of(
                "--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/ims") + ";WRITE_DELAY=0",
                "--ims.intake.inbox.enabled=false",
                "--ims.validation.warm-up=false",
                "--ims.delivery.poll-interval=100ms",
                "--ims.delivery.destinations.ehr.base-url=" + fhir.baseUrl(),
                "--ims.delivery.destinations.ehr.retry.initial-delay=250ms",
                "--ims.delivery.destinations.ehr.retry.max-delay=2s",
                "--ims.delivery.destinations.ehr.retry.max-attempts=100");

        AdapterProcess first = AdapterProcess.start(port, log, arguments);
        try {
            runKillAndRestart(fhir, records, sessions, log, port, arguments, first);
        } finally {
            first.kill(); // already dead when all went well
        }
    }

    private void runKillAndRestart(FhirTestServer fhir, TestRecords records, List<ObjectNode> sessions, Path log,
                                   int port, List<String> arguments, AdapterProcess first) throws Exception {
        Http http = new Http(first.baseUrl());
        AtomicInteger answeredBatches = new AtomicInteger();
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            for (int from = 0; from < RECORDS; from += BATCH) {
                String batch = TestRecords.ndjson(sessions.subList(from, from + BATCH));
                // No answer (the service was killed) means: send the same batch again until answered.
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> http.post("/ims/sessions", "application/x-ndjson", batch).status() == 200);
                answeredBatches.incrementAndGet();
            }
        });

        // Kill while records are still coming in and deliveries are in full swing.
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500))
                .until(() -> procedures(fhir, records) >= 300 || sender.isDone());
        assertThat(sender).as("the kill must come mid-run").isNotDone();
        first.kill();
        assertThat(first.isAlive()).isFalse();
        long deliveredBeforeKill = procedures(fhir, records);

        try (AdapterProcess second = AdapterProcess.start(port, log, arguments)) {
            sender.get(10, TimeUnit.MINUTES);
            assertThat(answeredBatches.get()).isEqualTo(RECORDS / BATCH);
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonNode summary = http.get("/ims/deliveries/summary").json().get("ehr");
                assertThat(summary.path("PENDING").asLong()).isZero();
                assertThat(summary.path("DEAD").asLong()).isZero();
                assertThat(procedures(fhir, records)).isEqualTo(RECORDS);
            });
            assertThat(deliveredBeforeKill).isLessThan(RECORDS);
        }

        assertThat(procedures(fhir, records)).isEqualTo(RECORDS);
        assertThat(fhir.count("Patient", "identifier=" + records.system() + "/patient|")).isEqualTo(PATIENTS);
        for (int i = 0; i < RECORDS; i += 199) { // a sample: each session once, never rewritten
            String bundle = fhir.get("Procedure?identifier=" + java.net.URLEncoder.encode(
                    records.system() + "/session|S-" + i, java.nio.charset.StandardCharsets.UTF_8));
            JsonNode found = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bundle);
            assertThat(found.get("total").asInt()).isEqualTo(1);
            assertThat(found.get("entry").get(0).get("resource").get("meta").get("versionId").asText()).isEqualTo("1");
        }
    }

    private static long procedures(FhirTestServer fhir, TestRecords records) {
        return fhir.count("Procedure", "identifier=" + records.system() + "/session|");
    }
}
