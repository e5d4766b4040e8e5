package org.imsfhir.routes.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.imsfhir.routes.support.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the outbox must do with several nodes on one database, run against each database (see
 * {@link H2MessageStoreTest}, {@link PostgresMessageStoreTest}): per-session order, leases, fencing of
 * late finishers, replay, concurrent claimers, and the database's clock for due times and leases.
 * Each test starts with no PENDING delivery left by earlier ones, since a claim looks at all rows.
 */
abstract class OutboxStoreContract {

    private static final String OWNER = "node-a";
    private static final Duration LEASE = Duration.ofMinutes(1);

    private TestStores stores;
    private OutboxStore outbox;
    private JdbcClient sql;
    private String prefix;

    /** A migrated, shared data source for this database. */
    protected abstract DataSource dataSource();

    @BeforeEach
    void createStore() {
        stores = TestStores.on(dataSource(), Clock.systemUTC());
        outbox = stores.outbox();
        sql = JdbcClient.create(dataSource());
        sql.sql("update ims_delivery set status = 'DEAD' where status = 'PENDING'").update();
        prefix = "https://outbox-test.example/pms|" + System.nanoTime() + "-";
    }

    private long receive(String sessionId) {
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/json", "{}");
        return stores.intake().addReceived(intake, List.of(new NewRecord(0, prefix + sessionId, "application/json", "{}"))).get(0);
    }

    private long queue(String sessionId, String destination, String bundle) {
        return stores.intake().accept(receive(sessionId), null, bundle, List.of(destination)).get(0);
    }

    private List<DeliveryTask> claim() {
        return outbox.claimDue(1000, OWNER, LEASE);
    }

    /** As if the lease had run out: its end moved into the past by the database's clock. */
    private void expireLease(long deliveryId) {
        sql.sql("update ims_delivery set lease_until = current_timestamp - interval '1' second where id = :id")
                .param("id", deliveryId).update();
    }

    private void makeDue(long deliveryId) {
        sql.sql("update ims_delivery set next_attempt_at = current_timestamp - interval '1' second where id = :id")
                .param("id", deliveryId).update();
    }

    private StoredDelivery delivery(long id) {
        return stores.status().delivery(id).orElseThrow();
    }

    // ---------------------------------------------------------------- order and leases

    @Test
    void aLaterVersionOfASessionNeverOvertakesAnEarlierOne() {
        long first = receive("S-order");
        long second = receive("S-order");
        long other = receive("S-other");
        stores.intake().accept(first, null, "{\"v\":1}", List.of("ehr"));
        stores.intake().accept(second, null, "{\"v\":2}", List.of("ehr"));
        stores.intake().accept(other, null, "{\"v\":0}", List.of("ehr"));

        List<DeliveryTask> round1 = claim();
        assertThat(round1).extracting(DeliveryTask::messageId).containsExactlyInAnyOrder(first, other);
        DeliveryTask firstTask = round1.stream().filter(t -> t.messageId() == first).findFirst().orElseThrow();
        assertThat(firstTask.bundle()).isEqualTo("{\"v\":1}");
        assertThat(firstTask.leaseOwner()).isEqualTo(OWNER);

        // While the first version waits for a retry, the second stays behind it.
        assertThat(outbox.scheduleRetry(firstTask, "HTTP 503", 503, null, Duration.ofSeconds(30))).isTrue();
        assertThat(claim()).isEmpty();

        makeDue(firstTask.deliveryId());
        List<DeliveryTask> round2 = claim();
        assertThat(round2).extracting(DeliveryTask::messageId).containsExactly(first);
        assertThat(round2.get(0).attempts()).isEqualTo(1);
        assertThat(outbox.markDelivered(round2.get(0), 200, "{}")).isTrue();

        assertThat(claim()).extracting(DeliveryTask::messageId).containsExactly(second);
    }

    @Test
    void aDeadEarlierVersionDoesNotBlockTheLaterOne() {
        queue("S-dead-first", "ehr", "{}");
        long second = receive("S-dead-first");
        stores.intake().accept(second, null, "{}", List.of("ehr"));
        DeliveryTask task = claim().get(0);
        outbox.markDead(task, "HTTP 400: Patient.birthDate invalid", 400, "{}");

        assertThat(claim()).extracting(DeliveryTask::messageId).containsExactly(second);
    }

    @Test
    void aClaimIsLeasedUntilItIsFinishedOrTheLeaseRunsOut() {
        long id = queue("S-lease", "ehr", "{}");
        DeliveryTask first = claim().get(0);
        assertThat(claim()).isEmpty();

        expireLease(id);
        DeliveryTask again = claim().get(0);
        assertThat(again.deliveryId()).isEqualTo(id);
        assertThat(again.leaseToken()).as("a new claim, a new token").isNotEqualTo(first.leaseToken());

        // A node id no live node uses (a previous run's) has its leases freed.
        assertThat(outbox.releaseLeases(OWNER)).isEqualTo(1);
        assertThat(claim()).hasSize(1);
    }

    // ---------------------------------------------------------------- fencing

    @Test
    void anExpiredLeaseClaimedByAnotherNodeCannotFinish() {
        long id = queue("S-fenced", "ehr", "{}");
        DeliveryTask late = outbox.claimDue(10, "node-a", LEASE).get(0);
        expireLease(id);
        DeliveryTask current = outbox.claimDue(10, "node-b", LEASE).get(0);
        assertThat(current.deliveryId()).isEqualTo(id);

        assertThat(outbox.markDelivered(late, 200, "{\"late\":true}")).isFalse();
        assertThat(outbox.markDead(late, "HTTP 400", 400, null)).isFalse();
        assertThat(outbox.scheduleRetry(late, "HTTP 503", 503, null, Duration.ofSeconds(1))).isFalse();
        StoredDelivery untouched = delivery(id);
        assertThat(untouched.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(untouched.attempts()).isZero();
        assertThat(untouched.responseBody()).isNull();

        assertThat(outbox.markDelivered(current, 201, "{}")).isTrue();
        assertThat(delivery(id).responseStatus()).isEqualTo(201);
        assertThat(stores.status().auditOf(untouched.messageId())).extracting(AuditEntry::toStatus)
                .containsExactly("RECEIVED", "VALID", "PENDING", "DELIVERED");
    }

    @Test
    void theSameNodeCannotFinishAnEarlierClaimOfADeliveryItClaimedAgain() {
        long id = queue("S-fenced-self", "ehr", "{}");
        DeliveryTask late = claim().get(0);
        expireLease(id);
        DeliveryTask current = claim().get(0);

        assertThat(outbox.markDelivered(late, 200, "{}")).as("same node, older claim token").isFalse();
        assertThat(outbox.markDelivered(current, 200, "{}")).isTrue();
    }

    @Test
    void anExpiredLeaseNobodyClaimedAgainStillRecordsItsOutcome() {
        // The attempt really happened and no other attempt began: recording it spares a second send.
        long id = queue("S-late-alone", "ehr", "{}");
        DeliveryTask task = claim().get(0);
        expireLease(id);

        assertThat(outbox.markDelivered(task, 200, "{}")).isTrue();
        assertThat(delivery(id).status()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    // ---------------------------------------------------------------- several nodes

    @Test
    void twoConcurrentClaimersNeverGetTheSameRow() throws Exception {
        String destination = "race-" + System.nanoTime();
        Set<Long> claimable = new HashSet<>();
        for (int i = 0; i < 150; i++) {
            claimable.add(queue("S-race-" + i, destination, "{}"));
        }
        for (int i = 0; i < 30; i++) {
            queue("S-race-" + i, destination, "{}"); // later versions: never claimable while the first is pending
        }
        // Two nodes, each with its own stores and so its own connections and transactions.
        OutboxStore a = TestStores.on(dataSource(), Clock.systemUTC()).outbox();
        OutboxStore b = TestStores.on(dataSource(), Clock.systemUTC()).outbox();
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<List<Long>> byA = threads.submit(claimer(a, "node-a", start));
            Future<List<Long>> byB = threads.submit(claimer(b, "node-b", start));
            List<Long> gotA = byA.get(60, TimeUnit.SECONDS);
            List<Long> gotB = byB.get(60, TimeUnit.SECONDS);

            // One node may win every batch (H2 under load): then the other's list is simply empty. A
            // claimer may also see an empty batch while the other holds its rows and stop early: a third
            // claimer, after both, takes whatever is left, so that every row is claimed exactly once.
            List<Long> gotC = claimer(TestStores.on(dataSource(), Clock.systemUTC()).outbox(), "node-c", new CyclicBarrier(1))
                    .call();
            List<Long> all = new ArrayList<>(gotA);
            all.addAll(gotB);
            all.addAll(gotC);
            assertThat(all).as("ids claimed by node-a %s, node-b %s and afterwards node-c %s", gotA, gotB, gotC)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(claimable);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Claims small batches until nothing is due; answers the ids it got. */
    private static Callable<List<Long>> claimer(OutboxStore store, String node, CyclicBarrier start) {
        return () -> {
            start.await(10, TimeUnit.SECONDS);
            List<Long> got = new ArrayList<>();
            List<DeliveryTask> batch;
            do {
                batch = store.claimDue(7, node, LEASE);
                batch.forEach(t -> got.add(t.deliveryId()));
            } while (!batch.isEmpty());
            return got;
        };
    }

    @Test
    void leasesAndDueTimesFollowTheDatabaseClockNotTheNodes() {
        // Two nodes whose JVM clocks are ten years apart, both far from the database's.
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofDays(3650));
        Clock behind = Clock.offset(Clock.systemUTC(), Duration.ofDays(-3650));
        OutboxStore nodeAhead = TestStores.on(dataSource(), ahead).outbox();
        OutboxStore nodeBehind = TestStores.on(dataSource(), behind).outbox();
        long id = TestStores.on(dataSource(), behind).intake().accept(receive("S-clock"), null, "{}", List.of("ehr")).get(0);

        DeliveryTask task = nodeBehind.claimDue(10, "behind", LEASE).get(0);
        assertThat(task.deliveryId()).as("due now by the database, although the node's clock is years behind").isEqualTo(id);
        assertThat(nodeAhead.claimDue(10, "ahead", LEASE)).as("leased for a minute of database time").isEmpty();
        assertThat(leaseLeft(id)).isBetween(LEASE.minusSeconds(10), LEASE);

        assertThat(nodeBehind.scheduleRetry(task, "HTTP 503", 503, null, Duration.ofMinutes(5))).isTrue();
        assertThat(nodeAhead.claimDue(10, "ahead", LEASE)).as("due in five minutes of database time").isEmpty();
        OffsetDateTime next = delivery(id).nextAttemptAt();
        assertThat(Duration.between(databaseNow(), next)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
        assertThat(next.toInstant()).isBefore(Instant.now(ahead)).isAfter(Instant.now(behind));
    }

    private Duration leaseLeft(long id) {
        OffsetDateTime until = sql.sql("select lease_until from ims_delivery where id = :id").param("id", id)
                .query(OffsetDateTime.class).single();
        return Duration.between(databaseNow(), until);
    }

    private OffsetDateTime databaseNow() {
        return sql.sql("select current_timestamp").query(OffsetDateTime.class).single();
    }

    // ---------------------------------------------------------------- replay

    @Test
    void deadDeliveriesKeepTheReasonsAndReplayIsIdempotent() {
        long id = receive("S-replay");
        long deliveryId = stores.intake().accept(id, null, "{}", List.of("ehr")).get(0);
        outbox.markDead(claim().get(0), "HTTP 422: Procedure.subject missing", 422, "{\"resourceType\":\"OperationOutcome\"}");

        StoredDelivery dead = delivery(deliveryId);
        assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(dead.lastError()).contains("Procedure.subject missing");
        assertThat(dead.responseStatus()).isEqualTo(422);
        assertThat(dead.attempts()).isEqualTo(1);

        assertThat(outbox.replay(deliveryId).outcome()).isEqualTo(ReplayResult.Outcome.REPLAYED);
        assertThat(outbox.replay(deliveryId).outcome()).isEqualTo(ReplayResult.Outcome.UNCHANGED);
        StoredDelivery replayed = delivery(deliveryId);
        assertThat(replayed.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(replayed.attempts()).isZero();
        List<DeliveryTask> again = claim();
        assertThat(again).extracting(DeliveryTask::deliveryId).containsExactly(deliveryId);
        outbox.markDelivered(again.get(0), 200, "{}");
        assertThat(delivery(deliveryId).deliveredAt()).isNotNull();
        assertThat(outbox.replay(deliveryId).outcome()).isEqualTo(ReplayResult.Outcome.UNCHANGED);
        assertThat(outbox.replay(Long.MAX_VALUE).outcome()).isEqualTo(ReplayResult.Outcome.NOT_FOUND);
        assertThat(stores.status().auditOf(id)).extracting(AuditEntry::toStatus)
                .containsExactly("RECEIVED", "VALID", "PENDING", "DEAD", "PENDING", "DELIVERED");
    }

    @Test
    void aDeadVersionIsNotReplayedOverALaterOne() {
        long firstDelivery = queue("S-superseded", "ehr", "{}");
        long secondDelivery = queue("S-superseded", "ehr", "{}");
        outbox.markDead(claim().get(0), "HTTP 400", 400, null);
        DeliveryTask second = claim().get(0);
        assertThat(second.deliveryId()).isEqualTo(secondDelivery);
        outbox.markDelivered(second, 200, "{}");

        assertThat(outbox.replay(firstDelivery).outcome()).isEqualTo(ReplayResult.Outcome.SUPERSEDED);
        assertThat(delivery(firstDelivery).status()).isEqualTo(DeliveryStatus.DEAD);
    }

    @Test
    void replayAllTakesEveryDeadDeliveryOfOneDestination() {
        String destination = "dest-" + System.nanoTime();
        queue("S-all-a", destination, "{}");
        queue("S-all-b", destination, "{}");
        claim().forEach(t -> outbox.markDead(t, "HTTP 400", 400, null));

        assertThat(stores.status().deliveries(destination, DeliveryStatus.DEAD, 10)).hasSize(2);
        assertThat(outbox.replayAll(destination)).extracting(ReplayResult::outcome)
                .containsOnly(ReplayResult.Outcome.REPLAYED).hasSize(2);
        assertThat(outbox.replayAll(destination)).isEmpty();
        assertThat(stores.status().deliveries(destination, DeliveryStatus.PENDING, 10)).hasSize(2);
    }
}
