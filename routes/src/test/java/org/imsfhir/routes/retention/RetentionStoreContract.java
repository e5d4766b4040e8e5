package org.imsfhir.routes.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.imsfhir.routes.claim.ClaimStore;
import org.imsfhir.routes.claim.StoredClaim;
import org.imsfhir.routes.registry.RegistryStore;
import org.imsfhir.routes.store.AuditEntry;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.MessageStatus;
import org.imsfhir.routes.store.DeliveryTask;
import org.imsfhir.routes.support.TestStores;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.imsfhir.routes.store.MutableClock;
import org.imsfhir.routes.store.NewRecord;
import org.imsfhir.routes.store.StoredDelivery;
import org.imsfhir.routes.store.StoredMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the retention purge must do to the database, run against each database (H2 and PostgreSQL
 * subclasses). Records are stored through the service's own stores; the clock is moved by hand past
 * (or just short of) each period. Every test starts from empty tables: the purge looks at all rows.
 */
abstract class RetentionStoreContract {

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");
    private static final Duration PERIOD = Duration.ofDays(30);
    private static final String SYSTEM = "https://retention-test.example/pms|";

    protected MutableClock clock;
    protected TestStores stores;
    protected ClaimStore claims;
    protected RegistryStore registry;
    protected JdbcClient sql;

    /** A migrated, shared data source for this database. */
    protected abstract DataSource dataSource();

    @BeforeEach
    void emptyTables() {
        sql = JdbcClient.create(dataSource());
        for (String table : List.of("ims_audit", "ims_access_audit", "ims_claim", "ims_registry_exclusion",
                "ims_registry_batch", "ims_registry_consent", "ims_delivery", "ims_message", "ims_intake")) {
            sql.sql("delete from " + table).update();
        }
        clock = new MutableClock(T0);
        stores = TestStores.on(dataSource(), clock);
        claims = new ClaimStore(dataSource(), new DataSourceTransactionManager(dataSource()), clock);
        registry = new RegistryStore(dataSource(), clock);
    }

    // ---------------------------------------------------------------- the whole run

    @Test
    void removesTheDataOfFinalRecordsOncePastThePeriodAndKeepsEverythingElse() {
        Stored rej = rejected("S-rej");
        Stored del = valid("S-del", "ehr");
        stores.outbox().markDelivered(deliveryOf(del.message(), "ehr"), 200, "{\"answer\":\"S-del\"}");
        Stored pend = valid("S-pend", "ehr");
        stores.outbox().scheduleRetry(deliveryOf(pend.message(), "ehr"), "HTTP 503", 503, "{\"answer\":\"S-pend busy\"}",
                Duration.ofMinutes(5));
        Stored dead = valid("S-dead", "ehr");
        stores.outbox().markDead(deliveryOf(dead.message(), "ehr"), "refused", 400, "{\"answer\":\"S-dead refused\"}");
        // One intake, two records, both final: the intake's payload goes with them.
        long both = stores.intake().saveIntake(Channel.INBOX, "both.ndjson", "application/x-ndjson", "{E0}\n{E1}");
        List<Long> e = stores.intake().addReceived(both, List.of(record(0, "S-E0"), record(1, "S-E1")));
        stores.intake().reject(e.get(0), "{\"resourceType\":\"OperationOutcome\"}");
        stores.intake().accept(e.get(1), null, "{\"bundle\":\"S-E1\"}", List.of("ehr"));
        stores.outbox().markDelivered(deliveryOf(e.get(1), "ehr"), 200, "{\"answer\":\"S-E1\"}");
        stores.intake().markIntakeProcessed(both);
        // One intake, one final record and one still pending: the intake keeps its payload.
        long half = stores.intake().saveIntake(Channel.INBOX, "half.ndjson", "application/x-ndjson", "{F0}\n{F1}");
        List<Long> f = stores.intake().addReceived(half, List.of(record(0, "S-F0"), record(1, "S-F1")));
        stores.intake().reject(f.get(0), "{\"resourceType\":\"OperationOutcome\"}");
        stores.intake().accept(f.get(1), null, "{\"bundle\":\"S-F1\"}", List.of("ehr"));
        stores.intake().markIntakeProcessed(half);

        Map<Long, Integer> auditBefore = Map.of(rej.message(), audit(rej.message()).size(), del.message(),
                audit(del.message()).size(), pend.message(), audit(pend.message()).size(), dead.message(),
                audit(dead.message()).size());
        StoredMessage delBefore = stores.status().message(del.message()).orElseThrow();
        RetentionPurge purge = purge(periods(PERIOD, PERIOD, PERIOD, 2));

        clock.advance(PERIOD.minusMinutes(1));
        assertThat(purge.run()).isEqualTo(RetentionCounts.NONE);
        assertThat(stores.status().message(rej.message()).orElseThrow().rawPayload()).isNotNull();
        assertThat(stores.status().message(del.message()).orElseThrow().bundle()).isNotNull();
        assertThat(stores.intake().intake(del.intake()).orElseThrow().rawPayload()).isNotNull();
        assertThat(accessAudit()).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        RetentionCounts counts = purge.run();

        assertThat(counts).isEqualTo(new RetentionCounts(3, 5, 2, 2, 0, 0, 0));
        // Gone: the final records' text, Bundles and answers; the payloads of intakes whose records all went.
        for (long id : List.of(rej.message(), del.message(), e.get(0), e.get(1), f.get(0))) {
            assertThat(stores.status().message(id).orElseThrow().rawPayload()).as("text of %s", id).isNull();
        }
        assertThat(stores.status().message(del.message()).orElseThrow().bundle()).isNull();
        assertThat(stores.status().message(e.get(1)).orElseThrow().bundle()).isNull();
        assertThat(stores.status().deliveriesOf(del.message())).extracting(StoredDelivery::responseBody).containsOnlyNulls();
        assertThat(stores.status().deliveriesOf(e.get(1))).extracting(StoredDelivery::responseBody).containsOnlyNulls();
        for (long intake : List.of(rej.intake(), del.intake(), both)) {
            assertThat(stores.intake().intake(intake).orElseThrow().rawPayload()).as("intake %s", intake).isNull();
        }
        // Kept: a PENDING delivery (with the answer of its failed attempt), a DEAD one (replayable),
        // and the intakes that still hold such a record.
        StoredMessage pendNow = stores.status().message(pend.message()).orElseThrow();
        assertThat(pendNow.rawPayload()).isEqualTo("{\"session\":\"S-pend\"}");
        assertThat(pendNow.bundle()).isEqualTo("{\"bundle\":\"S-pend\"}");
        assertThat(stores.status().deliveriesOf(pend.message()).get(0).responseBody()).isEqualTo("{\"answer\":\"S-pend busy\"}");
        StoredMessage deadNow = stores.status().message(dead.message()).orElseThrow();
        assertThat(deadNow.rawPayload()).isEqualTo("{\"session\":\"S-dead\"}");
        assertThat(deadNow.bundle()).isEqualTo("{\"bundle\":\"S-dead\"}");
        assertThat(stores.status().deliveriesOf(dead.message()).get(0).responseBody()).isEqualTo("{\"answer\":\"S-dead refused\"}");
        assertThat(stores.status().message(f.get(1)).orElseThrow().rawPayload()).isEqualTo("{\"session\":\"S-F1\"}");
        assertThat(stores.intake().intake(pend.intake()).orElseThrow().rawPayload()).isEqualTo("{\"session\":\"S-pend\"}");
        assertThat(stores.intake().intake(dead.intake()).orElseThrow().rawPayload()).isEqualTo("{\"session\":\"S-dead\"}");
        assertThat(stores.intake().intake(half).orElseThrow().rawPayload()).isEqualTo("{F0}\n{F1}");

        // Metadata stays: status, session key, outcome, times; the delivery's status, attempts, HTTP status.
        StoredMessage delNow = stores.status().message(del.message()).orElseThrow();
        assertThat(delNow.status()).isEqualTo(MessageStatus.VALID);
        assertThat(delNow.sessionKey()).isEqualTo(SYSTEM + "S-del");
        assertThat(delNow.receivedAt()).isEqualTo(delBefore.receivedAt());
        assertThat(delNow.updatedAt()).isEqualTo(delBefore.updatedAt());
        StoredDelivery delivered = stores.status().deliveriesOf(del.message()).get(0);
        assertThat(delivered.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(delivered.attempts()).isEqualTo(1);
        assertThat(delivered.responseStatus()).isEqualTo(200);
        assertThat(delivered.deliveredAt()).isNotNull();
        assertThat(stores.status().message(rej.message()).orElseThrow().outcome()).contains("OperationOutcome");

        // The audit: earlier rows untouched, one PURGED row per record that lost data, naming what went.
        assertThat(audit(rej.message())).hasSize(auditBefore.get(rej.message()) + 1);
        assertThat(audit(del.message())).extracting(AuditEntry::toStatus)
                .containsExactly("RECEIVED", "VALID", "PENDING", "DELIVERED", "PURGED");
        assertThat(purgeRows(del.message())).containsExactly(
                "retention: removed raw-payload, bundle, receiver-answers by retention");
        assertThat(purgeRows(rej.message())).containsExactly("retention: removed raw-payload by retention");
        assertThat(audit(pend.message())).hasSize(auditBefore.get(pend.message()));
        assertThat(audit(dead.message())).hasSize(auditBefore.get(dead.message()));
        assertThat(accessAudit()).containsExactly("retention PURGE 200 " + counts.summary());

        // The session status says "removed", and what.
        RetentionStatusDetails.PurgeState state = new RetentionStatusDetails(dataSource()).of(del.message());
        assertThat(state.purgedAt().toInstant()).isEqualTo(clock.instant());
        assertThat(state.classes()).containsExactly("raw-payload", "bundle", "receiver-answers");
        assertThat(new RetentionStatusDetails(dataSource()).of(rej.message()).classes()).containsExactly("raw-payload");
        assertThat(new RetentionStatusDetails(dataSource()).of(pend.message())).isNull();

        // A second run finds nothing more and writes nothing.
        int auditRows = auditCount();
        clock.advance(Duration.ofHours(1));
        assertThat(purge.run()).isEqualTo(RetentionCounts.NONE);
        assertThat(auditCount()).isEqualTo(auditRows);
        assertThat(accessAudit()).hasSize(1);
    }

    // ---------------------------------------------------------------- when a record is final

    @Test
    void thePeriodCountsFromTheLastDeliveryNotFromTheIntake() {
        Stored late = valid("S-late", "ehr", "ehr2");
        stores.outbox().markDelivered(deliveryOf(late.message(), "ehr"), 200, "{\"answer\":1}");
        clock.advance(Duration.ofDays(10));
        stores.outbox().markDelivered(deliveryOf(late.message(), "ehr2"), 200, "{\"answer\":2}");
        RetentionPurge purge = purge(periods(PERIOD, PERIOD, PERIOD, 500));

        clock.advance(PERIOD.minusHours(1));
        assertThat(purge.run()).isEqualTo(RetentionCounts.NONE);
        clock.advance(Duration.ofHours(2));
        assertThat(purge.run()).isEqualTo(new RetentionCounts(1, 1, 1, 1, 0, 0, 0));
        assertThat(stores.status().deliveriesOf(late.message())).extracting(StoredDelivery::responseBody).containsOnlyNulls();
    }

    @Test
    void aDeadDeliveryKeepsItsDataUntilALaterVersionOfTheSessionIsDelivered() {
        Stored v1 = valid("S-v", "ehr");
        stores.outbox().markDead(deliveryOf(v1.message(), "ehr"), "refused", 422, "{\"answer\":\"v1 refused\"}");
        Stored other = valid("S-other", "ehr");
        stores.outbox().markDead(deliveryOf(other.message(), "ehr"), "refused", 422, "{\"answer\":\"other refused\"}");
        clock.advance(Duration.ofDays(1));
        Stored v2 = valid("S-v", "ehr"); // e.g. the corrected (or entered-in-error) version
        stores.outbox().markDelivered(deliveryOf(v2.message(), "ehr"), 200, "{\"answer\":\"v2\"}");
        RetentionPurge purge = purge(periods(PERIOD, PERIOD, PERIOD, 500));

        clock.advance(PERIOD.minusHours(1)); // 30 days after v1 died, not yet 30 after v2 was delivered
        assertThat(purge.run()).isEqualTo(RetentionCounts.NONE);
        clock.advance(Duration.ofHours(2));
        assertThat(purge.run()).isEqualTo(new RetentionCounts(2, 2, 2, 2, 0, 0, 0));

        assertThat(stores.status().message(v1.message()).orElseThrow().bundle()).isNull();
        assertThat(stores.status().deliveriesOf(v1.message()).get(0).responseBody()).isNull();
        assertThat(stores.status().deliveriesOf(v1.message()).get(0).status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(stores.status().message(v2.message()).orElseThrow().rawPayload()).isNull();
        // A DEAD delivery nothing superseded stays replayable, with everything it needs.
        assertThat(stores.status().message(other.message()).orElseThrow().bundle()).isEqualTo("{\"bundle\":\"S-other\"}");
        assertThat(stores.status().deliveriesOf(other.message()).get(0).responseBody()).isEqualTo("{\"answer\":\"other refused\"}");
    }

    @Test
    void aRecordStillReceivedKeepsItsIntake() {
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/json", "[{R0},{R1}]");
        List<Long> ids = stores.intake().addReceived(intake, List.of(record(0, "S-R0"), record(1, "S-R1")));
        stores.intake().reject(ids.get(0), "{\"resourceType\":\"OperationOutcome\"}");
        // ids.get(1) stays RECEIVED (the process stopped); the intake is never marked processed.
        clock.advance(Duration.ofDays(365));

        assertThat(purge(periods(PERIOD, PERIOD, PERIOD, 500)).run()).isEqualTo(new RetentionCounts(0, 1, 0, 0, 0, 0, 0));
        assertThat(stores.status().message(ids.get(1)).orElseThrow().rawPayload()).isEqualTo("{\"session\":\"S-R1\"}");
        assertThat(stores.intake().intake(intake).orElseThrow().rawPayload()).isEqualTo("[{R0},{R1}]");
    }

    // ---------------------------------------------------------------- per data class

    @Test
    void eachDataClassHasItsOwnPeriodAndZeroKeepsItForever() {
        Stored del = valid("S-classes", "ehr");
        stores.outbox().markDelivered(deliveryOf(del.message(), "ehr"), 200, "{\"answer\":\"S-classes\"}");
        RetentionPurge purge = purge(periods(Duration.ofDays(60), Duration.ZERO, Duration.ofDays(7), 500));

        clock.advance(Duration.ofDays(8));
        assertThat(purge.run()).isEqualTo(new RetentionCounts(0, 0, 0, 1, 0, 0, 0));
        assertThat(stores.status().deliveriesOf(del.message()).get(0).responseBody()).isNull();
        assertThat(stores.status().message(del.message()).orElseThrow().rawPayload()).isNotNull();

        clock.advance(Duration.ofDays(60));
        assertThat(purge.run()).isEqualTo(new RetentionCounts(1, 1, 0, 0, 0, 0, 0));
        assertThat(purgeRows(del.message())).containsExactly("retention: removed receiver-answers by retention",
                "retention: removed raw-payload by retention");

        clock.advance(Duration.ofDays(3650));
        assertThat(purge.run()).isEqualTo(RetentionCounts.NONE);
        assertThat(stores.status().message(del.message()).orElseThrow().bundle()).isEqualTo("{\"bundle\":\"S-classes\"}");
        assertThat(new RetentionStatusDetails(dataSource()).of(del.message()).classes())
                .containsExactly("raw-payload", "receiver-answers");
    }

    @Test
    void claimResponsesGoWithTheirRecordsDeliveries() {
        Stored billed = valid("S-claim", "acme");
        claims.save(new StoredClaim(SYSTEM + "S-claim", "acme", billed.message(), "ACME", SYSTEM + "claim-1", "cpt|20561",
                "cr-1", "complete", "Approved", new BigDecimal("95.00"), new BigDecimal("76.00"), new BigDecimal("76.00"),
                "USD", "[]", "{\"resourceType\":\"ClaimResponse\",\"id\":\"cr-1\"}", 0, null, null));
        stores.outbox().markDelivered(deliveryOf(billed.message(), "acme"), 200, "{\"resourceType\":\"ClaimResponse\"}");
        clock.advance(Duration.ofDays(2));
        Stored retracted = valid("S-claim", "acme"); // the entered-in-error version cancels the claim
        claims.saveCancellation(SYSTEM + "S-claim", "acme", retracted.message(), "complete", "Cancelled", "[]",
                "{\"resourceType\":\"ClaimResponse\",\"id\":\"cr-2\"}");
        stores.outbox().markDelivered(deliveryOf(retracted.message(), "acme"), 200, "{\"resourceType\":\"ClaimResponse\"}");
        RetentionPurge purge = purge(periods(PERIOD, PERIOD, PERIOD, 500));

        clock.advance(Duration.ofDays(29));
        assertThat(purge.run().receiverAnswers()).isEqualTo(1);
        StoredClaim claim = claims.find(SYSTEM + "S-claim", "acme").orElseThrow();
        assertThat(claim.response()).isNull();
        assertThat(claim.cancelResponse()).isEqualTo("{\"resourceType\":\"ClaimResponse\",\"id\":\"cr-2\"}");
        assertThat(claim.outcome()).isEqualTo("complete");
        assertThat(claim.benefitAmount()).isEqualByComparingTo("76.00");
        assertThat(claim.responseId()).isEqualTo("cr-1");

        clock.advance(Duration.ofDays(2));
        assertThat(purge.run().receiverAnswers()).isEqualTo(1);
        claim = claims.find(SYSTEM + "S-claim", "acme").orElseThrow();
        assertThat(claim.cancelResponse()).isNull();
        assertThat(claim.cancelOutcome()).isEqualTo("complete");
        assertThat(claim.cancelled()).isTrue();
    }

    // ---------------------------------------------------------------- registry feeds

    @Test
    void aRegistryFeedHoldsTheRecordTextUntilItsBatchIsDeliveredAndNoExclusionIsOpen() {
        Stored sent = valid("S-reg1", "ehr");
        stores.outbox().markDelivered(deliveryOf(sent.message(), "ehr"), 200, null);
        Stored excluded = valid("S-reg2", "ehr");
        stores.outbox().markDelivered(deliveryOf(excluded.message(), "ehr"), 200, null);
        RetentionPurge purge = purge(periods(PERIOD, PERIOD, PERIOD, 500), "national");
        clock.advance(PERIOD.plusDays(1));

        // No batch yet: Bundles go, the text the feed is cut from stays.
        assertThat(purge.run()).isEqualTo(new RetentionCounts(0, 0, 2, 0, 0, 0, 0));
        assertThat(stores.status().message(sent.message()).orElseThrow().rawPayload()).isNotNull();

        registry.insert("national", "b-1", 0, excluded.message(), 1, 4, Path.of("staged/b-1"), "test", now(), true,
                new RegistryStore.ExclusionChanges(List.of(new RegistryStore.Excluded(excluded.message(),
                        SYSTEM + "S-reg2", "fails", "{}")), List.of(), List.of(), List.of()));
        assertThat(purge.run()).isEqualTo(new RetentionCounts(1, 1, 0, 0, 0, 0, 0));
        assertThat(stores.status().message(sent.message()).orElseThrow().rawPayload()).isNull();
        assertThat(stores.status().message(excluded.message()).orElseThrow().rawPayload()).isNotNull();

        registry.insert("national", "b-2", excluded.message(), excluded.message(), 1, 4, Path.of("staged/b-2"), "test",
                now(), true, new RegistryStore.ExclusionChanges(List.of(), List.of(excluded.message()), List.of(), List.of()));
        assertThat(purge.run()).isEqualTo(new RetentionCounts(1, 1, 0, 0, 0, 0, 0));
        assertThat(stores.status().message(excluded.message()).orElseThrow().rawPayload()).isNull();
    }

    // ---------------------------------------------------------------- several instances

    @Test
    void twoInstancesPurgingAtOnceRemoveAndAuditEachRecordOnce() throws Exception {
        int n = 40;
        for (int i = 0; i < n; i++) {
            Stored s = valid("S-par-" + i, "ehr");
            stores.outbox().markDelivered(deliveryOf(s.message(), "ehr"), 200, "{\"answer\":" + i + "}");
        }
        clock.advance(PERIOD.plusDays(1));
        RetentionPurge a = purge(periods(PERIOD, PERIOD, PERIOD, 5));
        RetentionPurge b = purge(periods(PERIOD, PERIOD, PERIOD, 5));

        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            var first = pool.submit(() -> { start.await(); return a.run(); });
            var second = pool.submit(() -> { start.await(); return b.run(); });
            start.countDown();
            RetentionCounts both = first.get().plus(second.get());

            assertThat(both).isEqualTo(new RetentionCounts(n, n, n, n, 0, 0, 0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(sql.sql("select count(*) from ims_audit where to_status = 'PURGED'").query(Integer.class).single())
                .isEqualTo(n);
        assertThat(sql.sql("select count(*) from ims_message where raw_payload is not null or bundle is not null")
                .query(Integer.class).single()).isZero();
    }

    // ---------------------------------------------------------------- helpers

    private record Stored(long intake, long message) {
    }

    private RetentionPurge purge(RetentionProperties periods, String... registryFeeds) {
        RegistryHolds holds = new RegistryHolds(dataSource(), List.of(registryFeeds));
        return new RetentionPurge(periods, new RetentionStore(dataSource(), clock, holds),
                new RetentionFiles(null, List.of(), List.of(), clock), holds);
    }

    private static RetentionProperties periods(Duration raw, Duration bundles, Duration answers, int batchSize) {
        return new RetentionProperties(true, Duration.ofHours(1), raw, bundles, answers, Duration.ZERO, Duration.ZERO,
                Duration.ZERO, batchSize);
    }

    private static NewRecord record(int index, String session) {
        return new NewRecord(index, SYSTEM + session, "application/json", "{\"session\":\"" + session + "\"}");
    }

    private Stored rejected(String session) {
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/json", "{\"session\":\"" + session + "\"}");
        long id = stores.intake().addReceived(intake, List.of(record(0, session))).get(0);
        stores.intake().reject(id, "{\"resourceType\":\"OperationOutcome\",\"issue\":[]}");
        stores.intake().markIntakeProcessed(intake);
        return new Stored(intake, id);
    }

    private Stored valid(String session, String... destinations) {
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/json", "{\"session\":\"" + session + "\"}");
        long id = stores.intake().addReceived(intake, List.of(record(0, session))).get(0);
        stores.intake().accept(id, null, "{\"bundle\":\"" + session + "\"}", List.of(destinations));
        stores.intake().markIntakeProcessed(intake);
        return new Stored(intake, id);
    }

    /** The message's delivery to {@code destination}, claimed so that the test can record its outcome. */
    private DeliveryTask deliveryOf(long messageId, String destination) {
        return stores.claim(stores.status().deliveriesOf(messageId).stream().filter(d -> d.destination().equals(destination))
                .findFirst().orElseThrow().id());
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private List<AuditEntry> audit(long messageId) {
        return stores.status().auditOf(messageId);
    }

    private List<String> purgeRows(long messageId) {
        return sql.sql("select detail, actor from ims_audit where message_id = :id and to_status = 'PURGED' order by id")
                .param("id", messageId).query((rs, n) -> rs.getString(1) + " by " + rs.getString(2)).list();
    }

    private int auditCount() {
        return sql.sql("select count(*) from ims_audit").query(Integer.class).single();
    }

    private List<String> accessAudit() {
        return sql.sql("select actor, action, outcome, detail from ims_access_audit order by id")
                .query((rs, n) -> rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) + " " + rs.getString(4))
                .list();
    }
}
