package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.imsfhir.fixtures.FhirTestServer;
import org.imsfhir.routes.support.Batches;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestDirs;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;

/**
 * Crash safety: the service jar runs as its own JVM on an H2 file, 1,000 records are posted in
 * batches, the process is killed with SIGKILL while it is both taking in and delivering, and a new
 * process is started on the same database file. The sender re-sends only the batches it never got
 * an answer for (what a real sender does); everything acknowledged must be delivered from the
 * store. At the end the FHIR server holds each of the 1,000 sessions exactly once (sized to prove the
 * property: a kill mid-intake and mid-delivery, not to be big).
 */
class KillRestartIT {

    private static final int RECORDS = 1000;
    private static final int PATIENTS = 250;
    private static final int BATCH = 50;
    /** Senders pause between batches so that intake spans seconds: the kill must find batches still unsent. */
    private static final Duration PACE = Duration.ofMillis(200);

    private final FhirTestServer fhir = TestFhir.shared();
    private final TestRecords records = new TestRecords("https://kill-restart-it.example/pms");

    @Test
    void killedMidRunAndRestartedDeliversEveryRecordExactlyOnce() throws Exception {
        Path work = TestDirs.create("kill-restart-it");
        Path database = work.resolve("data/ims-adapter");
        Path log = work.resolve("adapter.log");
        List<String> arguments = List.of(
                "--spring.datasource.url=jdbc:h2:file:" + database + ";WRITE_DELAY=0",
                "--ims.intake.inbox.enabled=false",
                "--ims.registry.feeds.national-ims.enabled=false",
                "--ims.delivery.poll-interval=100ms",
                "--ims.delivery.destinations.ehr.base-url=" + fhir.baseUrl(),
                "--ims.delivery.destinations.ehr.retry.initial-delay=250ms",
                "--ims.delivery.destinations.ehr.retry.max-delay=2s",
                "--ims.delivery.destinations.ehr.retry.max-attempts=100",
                // A delivery leased by the killed process is taken over once its lease runs out, and its
                // intakes once its heartbeat is a lease old; the lease must outlast one attempt (5+10+1 s + margin).
                "--ims.delivery.destinations.ehr.connect-timeout=5s",
                "--ims.delivery.destinations.ehr.read-timeout=10s",
                "--ims.delivery.lease=30s");
        Queue<List<ObjectNode>> unanswered = new ConcurrentLinkedQueue<>(Batches.split(records.sessions(0, RECORDS, PATIENTS), BATCH));

        int port = AdapterProcess.freePort();
        try (AdapterProcess first = AdapterProcess.start(port, log, arguments)) {
            ExecutorService senders = sendAll(first.operator(), unanswered, PACE);
            // Killed once half the batches are in and deliveries have begun: both still under way.
            await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> unanswered.size() <= RECORDS / BATCH / 2 && !procedures().isEmpty());
            first.kill();
            senders.shutdown();
            assertThat(senders.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(unanswered).as("batches still to send when the process died: the kill came mid-intake").isNotEmpty();
        int deliveredBeforeKill = procedures().size();
        assertThat(deliveredBeforeKill).as("the kill came mid-delivery").isPositive().isLessThan(RECORDS);

        try (AdapterProcess second = AdapterProcess.start(port, log, arguments)) {
            ExecutorService senders = sendAll(second.operator(), unanswered, Duration.ZERO);
            senders.shutdown();
            assertThat(senders.awaitTermination(20, TimeUnit.MINUTES)).isTrue();
            assertThat(unanswered).as("every batch answered by the restarted service").isEmpty();
            await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> procedures().size() >= RECORDS && onlyDelivered(second));
        }

        List<String> procedures = procedures();
        assertThat(procedures).hasSize(RECORDS);
        assertThat(new HashSet<>(procedures)).hasSize(RECORDS);
        List<String> patients = Received.identifierValues(fhir, "Patient", records.system() + "/patient");
        assertThat(patients).hasSize(PATIENTS);
        assertThat(new HashSet<>(patients)).hasSize(PATIENTS);

        Map<String, Long> messages = countByStatus(database, "select status, count(*) from ims_message group by status");
        Map<String, Long> deliveries = countByStatus(database, "select status, count(*) from ims_delivery group by status");
        assertThat(messages).containsOnlyKeys("VALID");
        assertThat(messages.get("VALID")).isGreaterThanOrEqualTo(RECORDS);
        assertThat(deliveries).containsOnlyKeys("DELIVERED");
        assertThat(deliveries.get("DELIVERED")).isEqualTo(messages.get("VALID"));
        assertThat(countByStatus(database, "select 'sessions', count(distinct session_key) from ims_delivery where status = 'DELIVERED'"))
                .containsEntry("sessions", (long) RECORDS);

        String logText = Files.readString(log);
        assertThat(logText).doesNotContain("Testpatient", "Anne-Synthetic", "1979-04-12", "9000000001");
    }

    /**
     * Two client threads taking batches off the queue, each pausing {@code pace} after a batch; a batch
     * leaves the queue only once the service answered 200.
     */
    private static ExecutorService sendAll(Http http, Queue<List<ObjectNode>> unanswered, Duration pace) {
        ExecutorService senders = Executors.newFixedThreadPool(2);
        List<List<ObjectNode>> snapshot = new ArrayList<>(unanswered);
        for (List<ObjectNode> batch : snapshot) {
            senders.submit(() -> {
                try {
                    Http.Answer answer = http.post("/ims/sessions", "application/x-ndjson", TestRecords.ndjson(batch));
                    if (answer.status() == 200 && answer.json().get("accepted").asInt() == batch.size()) {
                        unanswered.remove(batch);
                    }
                    Thread.sleep(pace.toMillis());
                } catch (RuntimeException connectionLost) {
                    // the process was killed: this batch stays in the queue and is sent again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return senders;
    }

    private List<String> procedures() {
        return Received.identifierValues(fhir, "Procedure", records.system() + "/session");
    }

    /** The outbox summary of the service shows nothing but DELIVERED deliveries (none PENDING or DEAD). */
    private static boolean onlyDelivered(AdapterProcess adapter) {
        JsonNode ehr = adapter.operator().get("/ims/deliveries/summary").json().path("ehr");
        List<String> states = new ArrayList<>();
        ehr.fieldNames().forEachRemaining(states::add);
        return states.equals(List.of("DELIVERED"));
    }

    private static Map<String, Long> countByStatus(Path database, String sql) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }
}
