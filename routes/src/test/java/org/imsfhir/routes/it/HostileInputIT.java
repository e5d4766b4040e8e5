package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.imsfhir.routes.support.HostileBodies;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestDatabases;
import org.imsfhir.routes.support.TestDirs;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service jar under hostile input, on PostgreSQL (a schema of its own, so the test can look into
 * the store while the service runs) with a heap of {@value #HEAP} that ends the process on an
 * OutOfMemoryError. In order: 10,000 seeded mutations of the sample records posted by 4 clients;
 * 50 clients posting 5 MB at once; then a SIGKILL in the middle of more mutations, a poison intake
 * placed in the store before good ones, and a restart. After each: no 5xx, every 4xx with an
 * OperationOutcome, every stored intake judged, the service ready and a valid record delivered.
 * {@code -Dims.test.mutations=N -Dims.test.mutation-seed=S} run it larger or with another seed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIT {

    private static final String HEAP = "640m";
    private static final int MUTATIONS = Integer.getInteger("ims.test.mutations", 10_000);
    private static final long SEED = Long.getLong("ims.test.mutation-seed", 20261203L);
    private static final int CLIENTS = 4;
    private static final String SYSTEM = "https://hostile-input-it.example/pms";

    private static final TestRecords RECORDS = new TestRecords(SYSTEM);
    private static final HostileBodies BODIES = new HostileBodies(SEED, SYSTEM);
    private static String schema;
    private static Path work;
    private static int port;
    private static List<String> arguments;
    private static AdapterProcess adapter;

    @BeforeAll
    static void start() throws Exception {
        schema = "ims_hostile_it_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
        work = TestDirs.create("hostile-input-it");
        port = AdapterProcess.freePort();
        arguments = List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + TestDatabases.POSTGRES_URL + "?currentSchema=" + schema,
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.create-schemas=true",
                "--ims.intake.inbox.enabled=false",
                "--ims.registry.feeds.national-ims.enabled=false",
                "--ims.delivery.poll-interval=100ms",
                "--ims.delivery.lease=10s",
                "--ims.delivery.destinations.ehr.dir=" + work.resolve("out/ehr"));
        adapter = startAdapter();
    }

    @AfterAll
    static void stop() throws Exception {
        if (adapter != null) {
            adapter.close();
        }
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + schema + " cascade");
        }
    }

    private static AdapterProcess startAdapter() throws Exception {
        return AdapterProcess.start(port, work.resolve("adapter.log"),
                List.of("-Xmx" + HEAP, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"), arguments);
    }

    @Test
    @Order(1)
    void tenThousandMutatedRecordsGetClearAnswersAndAreAllJudged() throws Exception {
        Sent sent = new Sent();
        send(adapter.operator(), MUTATIONS, sent);
        System.out.printf("HostileInputIT: %d mutated bodies (seed %d), answers by status %s%n",
                sent.answered.get(), SEED, sent.statuses);

        assertThat(sent.problems).as("5xx answers, 4xx without an OperationOutcome, lost connections").isEmpty();
        assertThat(sent.answered.get()).isEqualTo(MUTATIONS);
        assertThat(sent.statuses.keySet()).as("both refusals and acceptances").contains(200, 400, 422);
        everythingJudgedAndStillWorking();
    }

    @Test
    @Order(2)
    void fiftyClientsPostingFiveMegabytesAtOnceNeverExhaustTheHeap() throws Exception {
        Http http = adapter.operator();
        long heapMax = heap(http, "jvm.memory.max");
        AtomicLong heapPeak = new AtomicLong();
        AtomicInteger busy = new AtomicInteger();
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(50);
        ExecutorService sampler = Executors.newSingleThreadExecutor();
        sampler.submit(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    heapPeak.accumulateAndGet(heap(http, "jvm.memory.used"), Math::max);
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException unreachableWhileBusy) {
                    // sampled again next round
                }
            }
        });
        for (int i = 0; i < 50; i++) {
            ObjectNode record = BODIES.fresh();
            record.put("sessionId", "BIG-" + i);
            String json = TestRecords.json(record);
            String body = json + " ".repeat(5_000_000 - json.length()); // 5 MB: just under the 5 MB body limit
            clients.submit(() -> postUntilTaken(http, body, busy, problems));
        }
        clients.shutdown();
        boolean done = clients.awaitTermination(10, TimeUnit.MINUTES);
        sampler.shutdownNow();
        System.out.printf("HostileInputIT: 50 x 5 MB: %d busy answers (503), heap peak %d MB of %d MB%n",
                busy.get(), heapPeak.get() >> 20, heapMax >> 20);

        assertThat(done).as("every client got its payload taken").isTrue();
        assertThat(problems).isEmpty();
        assertThat(adapter.isAlive()).as("no OutOfMemoryError (the JVM exits on one)").isTrue();
        assertThat(Files.readString(work.resolve("adapter.log"))).doesNotContain("OutOfMemoryError");
        assertThat(heapPeak.get()).isPositive().isLessThan(heapMax);
        assertThat(count("select count(*) from ims_message where session_key like ? and status = 'VALID'",
                SYSTEM + "|BIG-%")).as("no payload lost").isEqualTo(50);
        everythingJudgedAndStillWorking();
    }

    @Test
    @Order(3)
    void afterAKillAPoisonIntakeBeforeGoodOnesIsSetAsideAndTheRestResumed() throws Exception {
        Http http = adapter.operator();
        Sent sent = new Sent();
        ExecutorService burst = Executors.newSingleThreadExecutor();
        burst.submit(() -> send(http, 1_000, sent));
        await().atMost(Duration.ofMinutes(5)).until(() -> sent.answered.get() >= 300);
        adapter.kill();
        burst.shutdown();
        assertThat(burst.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        assertThat(sent.problems.stream().filter(p -> !p.startsWith("no answer"))).as("5xx before the kill").isEmpty();
        assertThat(sent.answered.get()).as("the kill came mid-burst").isLessThan(1_000);

        long poison = insertIntake("REST", "application/json", TestRecords.json(withSessionId("P".repeat(100_000))));
        long corrupt = insertIntake("BOGUS", "application/json", TestRecords.json(RECORDS.session(900, 1)));
        List<Long> good = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            good.add(insertIntake("REST", "application/x-ndjson",
                    TestRecords.ndjson(List.of(withSessionId("G-" + (2 * i)), withSessionId("G-" + (2 * i + 1))))));
        }

        adapter = startAdapter();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() ->
                count("select count(*) from ims_intake where processed_at is null") == 0);

        assertThat(outcomesOfIntake(poison)).singleElement().satisfies(o ->
                assertThat(o).contains("REJECTED", "sessionId", "800"));
        assertThat(outcomesOfIntake(corrupt)).singleElement().satisfies(o ->
                assertThat(o).contains("REJECTED", "could not be judged at recovery"));
        assertThat(count("select count(*) from ims_audit a join ims_message m on m.id = a.message_id"
                + " where m.intake_id = ? and a.detail like 'set aside at recovery%'", corrupt)).isEqualTo(1);
        for (long intake : good) {
            assertThat(outcomesOfIntake(intake)).hasSize(2).allSatisfy(o -> assertThat(o).startsWith("VALID"));
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                count("select count(*) from ims_delivery where session_key like ? and status = 'DELIVERED'",
                        SYSTEM + "|G-%") == 10);
        everythingJudgedAndStillWorking();
    }

    /** No intake unjudged, no record RECEIVED, readiness UP, and a valid record still reaches the EHR. */
    private static void everythingJudgedAndStillWorking() throws Exception {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() ->
                count("select count(*) from ims_intake where processed_at is null") == 0);
        assertThat(count("select count(*) from ims_message where status = 'RECEIVED'")).isZero();

        Http.Answer ready = new Http(adapter.baseUrl()).get("/actuator/health/readiness");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).contains("UP");

        Http http = adapter.operator();
        Http.Answer taken = http.post("/ims/sessions", "application/json", TestRecords.json(BODIES.fresh()));
        assertThat(taken.status()).isEqualTo(200);
        String id = taken.json().path("records").get(0).path("id").asText();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(http.get("/ims/sessions/" + id).json().path("deliveries").findValuesAsText("status"))
                        .containsExactly("DELIVERED"));
    }

    /** What {@link #send} saw. */
    private record Sent(AtomicInteger answered, Map<Integer, Integer> statuses, Queue<String> problems) {
        Sent() {
            this(new AtomicInteger(), new ConcurrentHashMap<>(), new ConcurrentLinkedQueue<>());
        }
    }

    /**
     * Posts {@code bodies} hostile bodies from {@value #CLIENTS} clients. A problem is a 5xx, a 4xx
     * without an OperationOutcome, a 2xx that is not an intake answer, or no answer at all.
     */
    private static Void send(Http http, int bodies, Sent sent) throws InterruptedException {
        AtomicInteger left = new AtomicInteger(bodies);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    HostileBodies.Body body;
                    try {
                        synchronized (BODIES) {
                            body = BODIES.next();
                        }
                    } catch (RuntimeException e) {
                        sent.problems.add("the generator failed: " + e);
                        return;
                    }
                    Http.Answer answer;
                    try {
                        answer = http.post("/ims/sessions", body.contentType(), body.text());
                    } catch (RuntimeException e) {
                        sent.problems.add("no answer (" + e.getClass().getSimpleName() + ") to: " + body.mutation());
                        continue;
                    }
                    sent.answered.incrementAndGet();
                    sent.statuses.merge(answer.status(), 1, Integer::sum);
                    String problem = problem(answer);
                    if (problem != null) {
                        sent.problems.add(problem + " for " + body.mutation() + ": " + abbreviate(answer.body()));
                    }
                }
            });
        }
        clients.shutdown();
        clients.awaitTermination(30, TimeUnit.MINUTES);
        return null;
    }

    private static String problem(Http.Answer answer) {
        int status = answer.status();
        if (status >= 500) {
            return "status " + status;
        }
        JsonNode json;
        try {
            json = answer.json();
        } catch (RuntimeException notJson) {
            return "status " + status + " without a JSON body";
        }
        if (status < 300) {
            return json.path("accepted").asInt() > 0 ? null : "status " + status + " without accepted records";
        }
        if (isOutcome(json)) {
            return null;
        }
        JsonNode records = json.path("records");
        if (!records.isArray() || records.isEmpty()) {
            return "status " + status + " without an OperationOutcome";
        }
        for (JsonNode record : records) {
            if (!"VALID".equals(record.path("status").asText()) && !isOutcome(record.path("outcome"))) {
                return "status " + status + ": a refused record without an OperationOutcome";
            }
        }
        return null;
    }

    /** An OperationOutcome with at least one issue that says something. */
    private static boolean isOutcome(JsonNode json) {
        return "OperationOutcome".equals(json.path("resourceType").asText())
                && json.path("issue").size() > 0
                && !json.path("issue").get(0).path("diagnostics").asText().isBlank();
    }

    private static void postUntilTaken(Http http, String body, AtomicInteger busy, Queue<String> problems) {
        for (int attempt = 0; attempt < 200; attempt++) {
            Http.Answer answer = http.post("/ims/sessions", "application/json", body);
            if (answer.status() == 200) {
                return;
            }
            if (answer.status() != 503 || answer.header("Retry-After") == null || !isOutcome(answer.json())) {
                problems.add("status " + answer.status() + ": " + abbreviate(answer.body()));
                return;
            }
            busy.incrementAndGet();
            try {
                Thread.sleep(Long.parseLong(answer.header("Retry-After")) * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        problems.add("never taken after 200 busy answers");
    }

    private static long heap(Http http, String metric) {
        JsonNode answer = http.get("/actuator/metrics/" + metric + "?tag=area:heap").json();
        return answer.path("measurements").get(0).path("value").asLong();
    }

    private static ObjectNode withSessionId(String sessionId) {
        ObjectNode record = RECORDS.session(0, 1);
        record.put("sessionId", sessionId);
        return record;
    }

    /** An intake as an earlier run (or an earlier version) left it: stored, not judged, an hour old. */
    private static long insertIntake(String channel, String contentType, String payload) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                insert into ims_intake (channel, content_type, raw_payload, received_at, actor)
                values (?, ?, ?, now() - interval '1 hour', 'operator')""", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, channel);
            s.setString(2, contentType);
            s.setString(3, payload);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** "STATUS outcome-json" per message of an intake. */
    private static List<String> outcomesOfIntake(long intake) throws SQLException {
        List<String> outcomes = new ArrayList<>();
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("select status, outcome from ims_message where intake_id = ? order by id")) {
            s.setLong(1, intake);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        return outcomes;
    }

    private static long count(String sql, Object... parameters) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestDatabases.POSTGRES_URL + "?currentSchema=" + schema, "postgres", "");
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? String.valueOf(text) : text.substring(0, 300) + "...";
    }
}
