package org.imsfhir.routes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the message store must do, run against each database (H2 and PostgreSQL subclasses).
 * Every test uses its own session keys, so the tests share one schema per database.
 */
abstract class MessageStoreContract {

    private static final String OWNER = "node-a";
    private static final Duration LEASE = Duration.ofMinutes(1);

    protected MutableClock clock;
    protected MessageStore store;
    private String prefix;

    /** A migrated, shared data source for this database. */
    protected abstract DataSource dataSource();

    @BeforeEach
    void createStore() {
        clock = new MutableClock(Instant.parse("2026-11-02T18:00:00Z"));
        store = new MessageStore(dataSource(), clock);
        prefix = "https://store-test.example/pms|" + System.nanoTime() + "-";
        // Deliveries left due by earlier tests must not be claimed by this one: move time well past them.
        clock.advance(Duration.ofDays(1));
    }

    private long receive(String sessionId) {
        long intake = store.saveIntake(Channel.REST, null, "application/json", "{\"sessionId\":\"" + sessionId + "\"}");
        return store.addReceived(intake, List.of(new NewRecord(0, prefix + sessionId, "application/json",
                "{\"sessionId\":\"" + sessionId + "\"}"))).get(0);
    }

    private List<DeliveryTask> claimMine() {
        return store.claimDue(1000, OWNER, LEASE).stream()
                .filter(t -> t.sessionKey().startsWith(prefix)).toList();
    }

    @Test
    void keepsTheRawPayloadAndTheRecordReceived() {
        long intake = store.saveIntake(Channel.INBOX, "batch-1.ndjson", "application/x-ndjson", "{\"a\":1}\n{\"b\":2}");
        List<Long> ids = store.addReceived(intake, List.of(
                new NewRecord(0, prefix + "S-1", "application/json", "{\"a\":1}"),
                new NewRecord(1, null, "application/json", "{\"b\":2}")));

        assertThat(store.intake(intake)).get().extracting(MessageStore.StoredIntake::rawPayload).isEqualTo("{\"a\":1}\n{\"b\":2}");
        assertThat(store.unprocessedIntakes()).contains(intake);
        assertThat(store.messagesOfIntake(intake)).extracting(StoredMessage::status)
                .containsExactly(MessageStatus.RECEIVED, MessageStatus.RECEIVED);
        assertThat(store.message(ids.get(1))).get().extracting(StoredMessage::sessionKey).isNull();
        assertThat(store.auditOf(ids.get(0))).extracting(AuditEntry::toStatus).containsExactly("RECEIVED");

        store.markIntakeProcessed(intake);
        assertThat(store.unprocessedIntakes()).doesNotContain(intake);
    }

    @Test
    void rejectsWithReasonsAndAudits() {
        long id = receive("S-rej");
        store.reject(id, "{\"resourceType\":\"OperationOutcome\"}");

        StoredMessage message = store.message(id).orElseThrow();
        assertThat(message.status()).isEqualTo(MessageStatus.REJECTED);
        assertThat(message.outcome()).contains("OperationOutcome");
        assertThat(store.deliveriesOf(id)).isEmpty();
        assertThat(store.auditOf(id)).extracting(AuditEntry::fromStatus, AuditEntry::toStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "RECEIVED"),
                        org.assertj.core.groups.Tuple.tuple("RECEIVED", "REJECTED"));
        // A judged message is never judged again.
        assertThatThrownBy(() -> store.accept(id, null, "{}", List.of("ehr"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void acceptQueuesOneDeliveryPerDestinationInTheSameTransaction() {
        long id = receive("S-ok");
        List<Long> deliveries = store.accept(id, null, "{\"resourceType\":\"Bundle\"}", List.of("ehr", "archive"));

        assertThat(deliveries).hasSize(2);
        assertThat(store.message(id).orElseThrow().status()).isEqualTo(MessageStatus.VALID);
        assertThat(store.deliveriesOf(id)).extracting(StoredDelivery::destination, StoredDelivery::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ehr", DeliveryStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple("archive", DeliveryStatus.PENDING));
        assertThat(store.auditOf(id)).extracting(AuditEntry::toStatus)
                .containsExactly("RECEIVED", "VALID", "PENDING", "PENDING");
    }

    @Test
    void aLaterVersionOfASessionNeverOvertakesAnEarlierOne() {
        long first = receive("S-order");
        long second = receive("S-order");
        long other = receive("S-other");
        store.accept(first, null, "{\"v\":1}", List.of("ehr"));
        store.accept(second, null, "{\"v\":2}", List.of("ehr"));
        store.accept(other, null, "{\"v\":0}", List.of("ehr"));

        List<DeliveryTask> round1 = claimMine();
        assertThat(round1).extracting(DeliveryTask::messageId).containsExactlyInAnyOrder(first, other);
        assertThat(round1).filteredOn(t -> t.messageId() == first).first()
                .extracting(DeliveryTask::bundle).isEqualTo("{\"v\":1}");

        // While the first version waits for a retry, the second stays behind it.
        DeliveryTask firstTask = round1.stream().filter(t -> t.messageId() == first).findFirst().orElseThrow();
        store.scheduleRetry(firstTask.deliveryId(), "HTTP 503", 503, null, OffsetDateTime.now(clock).plusSeconds(30));
        assertThat(claimMine()).isEmpty();

        clock.advance(Duration.ofSeconds(31));
        List<DeliveryTask> round2 = claimMine();
        assertThat(round2).extracting(DeliveryTask::messageId).containsExactly(first);
        assertThat(round2.get(0).attempts()).isEqualTo(1);
        store.markDelivered(round2.get(0).deliveryId(), 200, "{}");

        assertThat(claimMine()).extracting(DeliveryTask::messageId).containsExactly(second);
    }

    @Test
    void aDeadEarlierVersionDoesNotBlockTheLaterOne() {
        long first = receive("S-dead-first");
        long second = receive("S-dead-first");
        store.accept(first, null, "{}", List.of("ehr"));
        store.accept(second, null, "{}", List.of("ehr"));
        DeliveryTask task = claimMine().get(0);
        store.markDead(task.deliveryId(), "HTTP 400: Patient.birthDate invalid", 400, "{}");

        assertThat(claimMine()).extracting(DeliveryTask::messageId).containsExactly(second);
    }

    @Test
    void aClaimIsLeasedUntilItIsFinishedOrTheLeaseRunsOut() {
        long id = receive("S-lease");
        store.accept(id, null, "{}", List.of("ehr"));
        assertThat(claimMine()).hasSize(1);
        assertThat(claimMine()).isEmpty();

        clock.advance(LEASE.plusSeconds(1));
        assertThat(claimMine()).hasSize(1);

        // After a restart this node frees what its previous run held.
        assertThat(store.releaseLeases(OWNER)).isGreaterThanOrEqualTo(1);
        assertThat(claimMine()).hasSize(1);
    }

    @Test
    void deadDeliveriesKeepTheReasonsAndReplayIsIdempotent() {
        long id = receive("S-replay");
        long deliveryId = store.accept(id, null, "{}", List.of("ehr")).get(0);
        claimMine();
        store.markDead(deliveryId, "HTTP 422: Procedure.subject missing", 422, "{\"resourceType\":\"OperationOutcome\"}");

        StoredDelivery dead = store.delivery(deliveryId).orElseThrow();
        assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD);
        assertThat(dead.lastError()).contains("Procedure.subject missing");
        assertThat(dead.responseStatus()).isEqualTo(422);
        assertThat(dead.attempts()).isEqualTo(1);

        assertThat(store.replay(deliveryId).outcome()).isEqualTo(ReplayResult.Outcome.REPLAYED);
        assertThat(store.replay(deliveryId).outcome()).isEqualTo(ReplayResult.Outcome.UNCHANGED);
        StoredDelivery replayed = store.delivery(deliveryId).orElseThrow();
        assertThat(replayed.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(replayed.attempts()).isZero();
        assertThat(claimMine()).extracting(DeliveryTask::deliveryId).containsExactly(deliveryId);
        store.markDelivered(deliveryId, 200, "{}");
        assertThat(store.delivery(deliveryId).orElseThrow().deliveredAt()).isNotNull();
        assertThat(store.replay(deliveryId).outcome()).isEqualTo(ReplayResult.Outcome.UNCHANGED);
        assertThat(store.replay(Long.MAX_VALUE).outcome()).isEqualTo(ReplayResult.Outcome.NOT_FOUND);
        assertThat(store.auditOf(id)).extracting(AuditEntry::toStatus)
                .containsExactly("RECEIVED", "VALID", "PENDING", "DEAD", "PENDING", "DELIVERED");
    }

    @Test
    void aDeadVersionIsNotReplayedOverALaterOne() {
        long first = receive("S-superseded");
        long second = receive("S-superseded");
        long firstDelivery = store.accept(first, null, "{}", List.of("ehr")).get(0);
        long secondDelivery = store.accept(second, null, "{}", List.of("ehr")).get(0);
        claimMine();
        store.markDead(firstDelivery, "HTTP 400", 400, null);
        claimMine();
        store.markDelivered(secondDelivery, 200, "{}");

        assertThat(store.replay(firstDelivery).outcome()).isEqualTo(ReplayResult.Outcome.SUPERSEDED);
        assertThat(store.delivery(firstDelivery).orElseThrow().status()).isEqualTo(DeliveryStatus.DEAD);
    }

    @Test
    void replayAllTakesEveryDeadDeliveryOfOneDestination() {
        String destination = "dest-" + System.nanoTime();
        long a = store.accept(receive("S-all-a"), null, "{}", List.of(destination)).get(0);
        long b = store.accept(receive("S-all-b"), null, "{}", List.of(destination)).get(0);
        claimMine();
        store.markDead(a, "HTTP 400", 400, null);
        store.markDead(b, "HTTP 400", 400, null);

        assertThat(store.deliveries(destination, DeliveryStatus.DEAD, 10)).hasSize(2);
        assertThat(store.replayAll(destination)).extracting(ReplayResult::outcome)
                .containsOnly(ReplayResult.Outcome.REPLAYED).hasSize(2);
        assertThat(store.replayAll(destination)).isEmpty();
        assertThat(store.deliveries(destination, DeliveryStatus.PENDING, 10)).hasSize(2);
    }

    @Test
    void timestampsAreKeptAsInstants() {
        long id = receive("S-time");
        assertThat(store.message(id).orElseThrow().receivedAt().toInstant())
                .isEqualTo(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    }

    // ---------------------------------------------------------------- hostile input

    @Test
    void whateverASenderSendsFitsTheIntake() {
        String contentType = "application/json; charset=utf-8; x=" + "y".repeat(10_000);
        String raw = "{\"sessionId\":\"S-\u0000-nul\"}";

        long intake = store.saveIntake(Channel.INBOX, "f".repeat(2_000) + ".json", contentType, raw, "a".repeat(1_000));

        MessageStore.StoredIntake stored = store.intake(intake).orElseThrow();
        assertThat(stored.contentType()).hasSize(128).startsWith("application/json;");
        assertThat(stored.origin()).hasSize(512);
        assertThat(stored.rawPayload()).as("U+0000, which PostgreSQL text cannot hold, kept as U+FFFD")
                .isEqualTo(raw.replace('\u0000', '\uFFFD'));
        assertThat(store.intakeActor(intake)).get().asString().hasSize(200);
    }

    @Test
    void aSessionKeyTheDatabaseRefusesIsKeptWithoutItAndTheOtherRecordsAreStored() {
        long intake = store.saveIntake(Channel.REST, null, "application/x-ndjson", "three records");
        String tooLong = prefix + "x".repeat(900);

        List<MessageStore.MessageIds> ids = store.addReceivedRecords(intake, List.of(
                new NewRecord(0, prefix + "S-before", "application/json", "{}"),
                new NewRecord(1, tooLong, "application/json", "{\"nul\":\"\u0000\"}"),
                new NewRecord(2, prefix + "S-after", "application/json", "{}")));

        assertThat(ids).extracting(MessageStore.MessageIds::keyRefused).containsExactly(false, true, false);
        assertThat(store.messagesOfIntake(intake)).extracting(StoredMessage::sessionKey)
                .containsExactly(prefix + "S-before", null, prefix + "S-after");
        assertThat(store.messagesOfIntake(intake)).extracting(StoredMessage::status).containsOnly(MessageStatus.RECEIVED);
        assertThat(store.message(ids.get(1).id())).get().extracting(StoredMessage::rawPayload).isEqualTo("{\"nul\":\"\uFFFD\"}");
    }

    @Test
    void anIntakeSetAsideHasItsOpenRecordsRejectedWithTheReasonAndIsProcessed() {
        long intake = store.saveIntake(Channel.REST, null, "application/x-ndjson", "two records");
        List<Long> ids = store.addReceived(intake, List.of(
                new NewRecord(0, prefix + "S-judged", "application/json", "{}"),
                new NewRecord(1, prefix + "S-open", "application/json", "{}")));
        store.reject(ids.get(0), "{\"resourceType\":\"OperationOutcome\",\"id\":\"checks\"}");

        int rejected = store.setAside(intake, "{\"resourceType\":\"OperationOutcome\",\"id\":\"poison\"}", "set aside at recovery");

        assertThat(rejected).isEqualTo(1);
        assertThat(store.message(ids.get(0))).get().extracting(StoredMessage::outcome).asString().contains("checks");
        StoredMessage open = store.message(ids.get(1)).orElseThrow();
        assertThat(open.status()).isEqualTo(MessageStatus.REJECTED);
        assertThat(open.outcome()).contains("poison");
        assertThat(store.auditOf(ids.get(1))).extracting(AuditEntry::toStatus, AuditEntry::detail)
                .contains(org.assertj.core.groups.Tuple.tuple("REJECTED", "set aside at recovery"));
        assertThat(store.unprocessedIntakes()).doesNotContain(intake);
    }

    @Test
    void anIntakeNeverSplitIsSetAsideAsOneRejectedMessageHoldingItsPayload() {
        long intake = store.saveIntake(Channel.REST, null, "application/json", "{\"sessionId\":\"never split\"}");

        assertThat(store.setAside(intake, "{\"resourceType\":\"OperationOutcome\"}", "set aside")).isEqualTo(1);

        List<StoredMessage> messages = store.messagesOfIntake(intake);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).status()).isEqualTo(MessageStatus.REJECTED);
        assertThat(messages.get(0).sessionKey()).isNull();
        assertThat(messages.get(0).rawPayload()).isEqualTo("{\"sessionId\":\"never split\"}");
        assertThat(messages.get(0).publicId()).isNotBlank();
        assertThat(store.auditOf(messages.get(0).id())).extracting(AuditEntry::toStatus).containsExactly("RECEIVED", "REJECTED");
        assertThat(store.unprocessedIntakes()).doesNotContain(intake);
    }
}
