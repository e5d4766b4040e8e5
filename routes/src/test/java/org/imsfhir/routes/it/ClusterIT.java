package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.imsfhir.fixtures.FhirTestServer;
import org.imsfhir.fixtures.TestInsurer;
import org.imsfhir.routes.support.Batches;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestDatabases;
import org.imsfhir.routes.support.TestDirs;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three service JVMs on one PostgreSQL schema, delivering to the HAPI JPA test server, submitting
 * claims to the test insurer and cutting batches for a registry feed whose folder they share. Three
 * clients post 3,000 records (750 patients; the default build posts 600, see {@link #RECORDS}; a third
 * of the patients consent to the registry) round-robin
 * to the three nodes. On the way:
 * <ul>
 *   <li>a fourth JVM configured with the id of a running node refuses to start;</li>
 *   <li>one node is killed with SIGKILL when about a third is at the FHIR server, and started again;</li>
 *   <li>another gets SIGTERM when about two thirds are there: it exits 0 holding no lease, and the
 *       two left finish the work.</li>
 * </ul>
 * In the end every session is at the server once, every claim was made once (resubmissions after a
 * lost answer, same {@code Claim.identifier}, are counted and printed), every consenting session is
 * in exactly one delivered registry batch and no other session in any, nothing is DEAD, and no
 * node's log holds patient data.
 */
class ClusterIT {

    /**
     * 3,000 as the issue asks: {@code -Dims.cluster.records=3000} (about 12 minutes on 2 cores). The
     * default build runs 600 (150 patients) so the whole suite stays within its time budget; the
     * checks are the same.
     */
    private static final int RECORDS = Integer.getInteger("ims.cluster.records", 3000);
    private static final int PATIENTS = RECORDS / 4;
    private static final int NODES = 3;
    private static final int KILLED = 1;
    private static final int TERMINATED = 2;
    /** Node {@link #TERMINATED} runs with this configured id; the others generate theirs. */
    private static final String CONFIGURED_ID = "cluster-c";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final FhirTestServer FHIR = TestFhir.shared();
    private static final TestInsurer INSURER = TestInsurer.start();
    private static final String SYSTEM = "https://cluster-it.example/pms";
    private static String schema;
    private static Path work;

    @BeforeAll
    static void schema() {
        schema = "ims_cluster_it_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
        work = TestDirs.create("cluster-it");
    }

    @AfterAll
    static void stop() throws Exception {
        INSURER.close();
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        }
    }

    @Test
    void threeNodesOneKilledOneStoppedEverySessionDeliveredClaimedAndReportedOnce() throws Exception {
        int[] ports = new int[NODES];
        AdapterProcess[] nodes = new AdapterProcess[NODES];
        for (int i = 0; i < NODES; i++) {
            ports[i] = AdapterProcess.freePort();
        }
        // The first node creates the schema; the others start beside it.
        nodes[0] = start(0, ports[0]);
        ExecutorService starting = Executors.newFixedThreadPool(NODES - 1);
        List<Future<AdapterProcess>> started = new ArrayList<>();
        for (int i = 1; i < NODES; i++) {
            int n = i;
            started.add(starting.submit(() -> start(n, ports[n])));
        }
        for (int i = 1; i < NODES; i++) {
            nodes[i] = started.get(i - 1).get(10, TimeUnit.MINUTES);
        }
        starting.shutdown();

        // Meanwhile a fourth JVM tries to start with node 2's configured id.
        Path intruderLog = log(NODES);
        CompletableFuture<Integer> intruder = CompletableFuture.supplyAsync(() -> {
            try {
                return AdapterProcess.startRefused(AdapterProcess.freePort(), intruderLog, arguments(TERMINATED),
                        Duration.ofMinutes(5));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        Queue<List<ObjectNode>> unanswered = new ConcurrentLinkedQueue<>(Batches.split(records(), 50));
        int terminatedExit;
        long leasesAfterSigterm;
        try {
            ExecutorService clients = sendRoundRobin(nodes, unanswered);
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> procedures().size() >= RECORDS / 3);
            nodes[KILLED].kill();
            System.out.printf("ClusterIT: node %d killed with %d sessions at the FHIR server%n", KILLED, procedures().size());
            nodes[KILLED] = start(KILLED, ports[KILLED]);

            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(500))
                    .until(() -> procedures().size() >= 2 * RECORDS / 3);
            int before = procedures().size();
            terminatedExit = nodes[TERMINATED].terminate(Duration.ofMinutes(2));
            leasesAfterSigterm = count("select count(*) from ims_delivery where lease_owner = '" + CONFIGURED_ID + "'");
            System.out.printf("ClusterIT: node %d stopped with SIGTERM (exit %d) with %d sessions at the FHIR server%n",
                    TERMINATED, terminatedExit, before);

            clients.shutdown();
            assertThat(clients.awaitTermination(15, TimeUnit.MINUTES)).isTrue();
            // Batches whose answer was lost in the kill or refused in the stop are sent again, as a
            // real sender does, to the nodes still running.
            AdapterProcess[] running = {nodes[0], nodes[KILLED]};
            sendRoundRobin(running, unanswered).shutdown();
            await().atMost(Duration.ofMinutes(10)).until(unanswered::isEmpty);

            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    count("select count(*) from ims_delivery where status <> 'DELIVERED'") == 0
                            && procedures().size() >= RECORDS);
            // The registry has caught up: its batches reach the last message and are all delivered.
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    count("select coalesce(max(to_message_id), 0) from ims_registry_batch")
                            == count("select max(id) from ims_message")
                            && count("select count(*) from ims_registry_batch where state <> 'DELIVERED'") == 0);
        } finally {
            for (AdapterProcess node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
        }

        int intruderExit = intruder.get(5, TimeUnit.MINUTES);
        System.out.printf("ClusterIT: a second node with id %s exited with %d%n", CONFIGURED_ID, intruderExit);
        assertThat(intruderExit).as("exit code of a second node with a live node's id").isPositive();
        assertThat(Files.readString(intruderLog)).contains("Node id '" + CONFIGURED_ID + "' is in use by a live node");
        assertThat(terminatedExit).as("exit code after SIGTERM").isZero();
        assertThat(leasesAfterSigterm).as("delivery leases held by the stopped node").isZero();
        assertThat(Files.readString(log(TERMINATED))).contains("SIGTERM received", "delivery lease(s) released");

        List<String> procedures = procedures();
        assertThat(procedures).hasSize(RECORDS);
        assertThat(new HashSet<>(procedures)).hasSize(RECORDS);
        List<String> patients = Received.identifierValues(FHIR, "Patient", SYSTEM + "/patient");
        assertThat(patients).hasSize(PATIENTS);
        assertThat(new HashSet<>(patients)).hasSize(PATIENTS);

        System.out.printf("ClusterIT: %d claims at the insurer, %d submissions (%d resubmissions after a lost answer)%n",
                INSURER.claimCount(), INSURER.submissions(), INSURER.submissions() - INSURER.claimCount());
        assertThat(INSURER.claimCount()).as("one claim per session").isEqualTo(RECORDS);

        List<String> registered = registered();
        System.out.printf("ClusterIT: %d sessions in %d delivered registry batches%n", registered.size(),
                count("select count(*) from ims_registry_batch where session_count > 0"));
        assertThat(registered).as("every consenting session in exactly one delivered batch, no other session")
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(consenting());
        assertThat(count("select count(*) from ims_delivery where status = 'DEAD'")).isZero();
        assertThat(count("select count(*) from ims_registry_batch where state <> 'DELIVERED'")).isZero();

        for (int i = 0; i <= NODES; i++) {
            assertThat(Files.readString(log(i))).as("node %d's log", i)
                    .doesNotContain("Fakename", "Hank-Synthetic", "1949-12-24", "WA9000", "XJ-9");
        }
    }

    private static AdapterProcess start(int node, int port) throws IOException {
        return AdapterProcess.start(port, log(node), arguments(node));
    }

    private static List<String> arguments(int node) {
        Path registry = work.resolve("registry"); // one folder all nodes see (a shared volume in production)
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + TestDatabases.POSTGRES_URL + "?currentSchema=" + schema,
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.create-schemas=true",
                "--ims.intake.inbox.enabled=false",
                "--ims.delivery.poll-interval=100ms",
                "--ims.delivery.lease=30s",
                "--ims.delivery.destinations.ehr.base-url=" + FHIR.baseUrl(),
                // The lease must outlast an attempt (checked at start): short timeouts for a short lease.
                "--ims.delivery.destinations.ehr.connect-timeout=5s",
                "--ims.delivery.destinations.ehr.read-timeout=15s",
                "--ims.delivery.destinations.ehr.retry.initial-delay=250ms",
                "--ims.delivery.destinations.ehr.retry.max-delay=2s",
                "--ims.delivery.destinations.ehr.retry.max-attempts=100",
                "--ims.claims.insurers.acme.base-url=" + INSURER.baseUrl(),
                "--ims.claims.insurers.acme.payer-id=ACME-HEALTH",
                "--ims.claims.insurers.acme.currency=USD",
                "--ims.claims.insurers.acme.connect-timeout=5s",
                "--ims.claims.insurers.acme.read-timeout=15s",
                "--ims.claims.insurers.acme.poll-interval=500ms",
                "--ims.claims.insurers.acme.retry.initial-delay=250ms",
                "--ims.claims.insurers.acme.retry.max-delay=2s",
                "--ims.claims.insurers.acme.retry.max-attempts=100",
                "--ims.registry.feeds.national-ims.enabled=false",
                "--ims.registry.feeds.cluster.cron=*/5 * * * * *",
                "--ims.registry.feeds.cluster.max-records-per-batch=" + RECORDS / 12, // several batches per run
                "--ims.registry.schedule-hold=4s",
                // The killed node may die holding the feed's lock: it is free again after this.
                "--ims.registry.lock-at-most=90s",
                "--ims.registry.feeds.cluster.dir=" + registry,
                "--ims.registry.feeds.cluster.secret=cluster-it-registry-key-not-real-at-least-32-bytes"));
        if (node == TERMINATED) {
            arguments.add("--ims.delivery.node-id=" + CONFIGURED_ID);
        }
        return arguments;
    }

    private static Path log(int node) {
        Path dir = work.resolve("node-" + node);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve("adapter.log");
    }

    /**
     * US sessions with a claim each: session i of patient i % PATIENTS; the patients whose number
     * is a multiple of 3 consent to the registry, the others do not.
     */
    private static List<ObjectNode> records() throws IOException {
        ObjectNode sample;
        try (InputStream in = ClusterIT.class.getResourceAsStream("/samples/valid/valid-06-low-back-us-cpt-20560-bilateral.json")) {
            sample = (ObjectNode) JSON.readTree(in);
        }
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            ObjectNode r = sample.deepCopy();
            ((ObjectNode) r.get("source")).put("system", SYSTEM);
            r.put("sessionId", "C-" + i);
            ObjectNode patient = (ObjectNode) r.get("patient");
            patient.put("id", "P-" + (i % PATIENTS));
            ((ObjectNode) patient.get("healthNumber")).put("value", String.format("WA9%06d", i % PATIENTS));
            patient.put("registryConsent", consents(i));
            ((ObjectNode) r.get("billing")).put("memberId", String.format("XJ-9%05d", i % PATIENTS));
            records.add(r);
        }
        return records;
    }

    private static boolean consents(int session) {
        return session % PATIENTS % 3 == 0;
    }

    private static List<String> consenting() {
        return IntStream.range(0, RECORDS).filter(ClusterIT::consents).mapToObj(i -> "C-" + i).toList();
    }

    /** Three clients; client c posts batch b to node (b + c) % 3; a batch leaves the queue once answered 200. */
    private static ExecutorService sendRoundRobin(AdapterProcess[] nodes, Queue<List<ObjectNode>> unanswered) {
        ExecutorService clients = Executors.newFixedThreadPool(NODES);
        List<List<ObjectNode>> snapshot = new ArrayList<>(unanswered);
        AtomicInteger next = new AtomicInteger();
        for (List<ObjectNode> batch : snapshot) {
            clients.submit(() -> {
                AdapterProcess node = nodes[next.getAndIncrement() % nodes.length];
                try {
                    Http.Answer answer = node.operator().post("/ims/sessions", "application/x-ndjson", TestRecords.ndjson(batch));
                    if (answer.status() == 200 && answer.json().get("accepted").asInt() == batch.size()) {
                        unanswered.remove(batch);
                    }
                } catch (RuntimeException connectionLost) {
                    // that node was killed: the batch stays queued and is sent again
                }
            });
        }
        return clients;
    }

    private static List<String> procedures() {
        return Received.identifierValues(FHIR, "Procedure", SYSTEM + "/session");
    }

    /** The session ids in the Procedure files of every batch in the shared registry folder. */
    private static List<String> registered() throws IOException {
        Path registry = work.resolve("registry");
        if (!Files.isDirectory(registry)) {
            return List.of();
        }
        List<String> sessions = new ArrayList<>();
        try (Stream<Path> files = Files.walk(registry)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("Procedure.ndjson")
                    && !f.toString().contains(".staging")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        JsonNode procedure = JSON.readTree(line);
                        sessions.add(procedure.at("/identifier/0/value").asText());
                    }
                }
            }
        }
        return sessions;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL + "?currentSchema=" + schema, "postgres", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
