package org.imsfhir.routes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.imsfhir.routes.support.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the intake store must do (payloads, records, verdicts), run against each database (see
 * {@link H2MessageStoreTest}, {@link PostgresMessageStoreTest}). Every test uses its own session
 * keys, so the tests share one schema per database.
 */
abstract class IntakeStoreContract {

    protected MutableClock clock;
    protected TestStores stores;
    private String prefix;

    /** A migrated, shared data source for this database. */
    protected abstract DataSource dataSource();

    @BeforeEach
    void createStore() {
        clock = new MutableClock(Instant.parse("2026-11-02T18:00:00Z"));
        stores = TestStores.on(dataSource(), clock);
        prefix = "https://store-test.example/pms|" + System.nanoTime() + "-";
    }

    private long receive(String sessionId) {
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/json", "{\"sessionId\":\"" + sessionId + "\"}");
        return stores.intake().addReceived(intake, List.of(new NewRecord(0, prefix + sessionId, "application/json",
                "{\"sessionId\":\"" + sessionId + "\"}"))).get(0);
    }

    @Test
    void keepsTheRawPayloadAndTheRecordReceived() {
        long intake = stores.intake().saveIntake(Channel.INBOX, "batch-1.ndjson", "application/x-ndjson", "{\"a\":1}\n{\"b\":2}");
        List<Long> ids = stores.intake().addReceived(intake, List.of(
                new NewRecord(0, prefix + "S-1", "application/json", "{\"a\":1}"),
                new NewRecord(1, null, "application/json", "{\"b\":2}")));

        assertThat(stores.intake().intake(intake)).get().extracting(IntakeStore.StoredIntake::rawPayload).isEqualTo("{\"a\":1}\n{\"b\":2}");
        assertThat(stores.intake().unprocessedIntakes()).contains(intake);
        assertThat(stores.intake().messagesOfIntake(intake)).extracting(StoredMessage::status)
                .containsExactly(MessageStatus.RECEIVED, MessageStatus.RECEIVED);
        assertThat(stores.status().message(ids.get(1))).get().extracting(StoredMessage::sessionKey).isNull();
        assertThat(stores.status().auditOf(ids.get(0))).extracting(AuditEntry::toStatus).containsExactly("RECEIVED");

        stores.intake().markIntakeProcessed(intake);
        assertThat(stores.intake().unprocessedIntakes()).doesNotContain(intake);
    }

    @Test
    void rejectsWithReasonsAndAudits() {
        long id = receive("S-rej");
        stores.intake().reject(id, "{\"resourceType\":\"OperationOutcome\"}");

        StoredMessage message = stores.status().message(id).orElseThrow();
        assertThat(message.status()).isEqualTo(MessageStatus.REJECTED);
        assertThat(message.outcome()).contains("OperationOutcome");
        assertThat(stores.status().deliveriesOf(id)).isEmpty();
        assertThat(stores.status().auditOf(id)).extracting(AuditEntry::fromStatus, AuditEntry::toStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(null, "RECEIVED"),
                        org.assertj.core.groups.Tuple.tuple("RECEIVED", "REJECTED"));
        // A judged message is never judged again.
        assertThatThrownBy(() -> stores.intake().accept(id, null, "{}", List.of("ehr"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void acceptQueuesOneDeliveryPerDestinationInTheSameTransaction() {
        long id = receive("S-ok");
        List<Long> deliveries = stores.intake().accept(id, null, "{\"resourceType\":\"Bundle\"}", List.of("ehr", "archive"));

        assertThat(deliveries).hasSize(2);
        assertThat(stores.status().message(id).orElseThrow().status()).isEqualTo(MessageStatus.VALID);
        assertThat(stores.status().deliveriesOf(id)).extracting(StoredDelivery::destination, StoredDelivery::status)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("ehr", DeliveryStatus.PENDING),
                        org.assertj.core.groups.Tuple.tuple("archive", DeliveryStatus.PENDING));
        assertThat(stores.status().auditOf(id)).extracting(AuditEntry::toStatus)
                .containsExactly("RECEIVED", "VALID", "PENDING", "PENDING");
    }

    @Test
    void timestampsAreKeptAsInstants() {
        long id = receive("S-time");
        assertThat(stores.status().message(id).orElseThrow().receivedAt().toInstant())
                .isEqualTo(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).toInstant());
    }

    // ---------------------------------------------------------------- hostile input

    @Test
    void whateverASenderSendsFitsTheIntake() {
        String contentType = "application/json; charset=utf-8; x=" + "y".repeat(10_000);
        String raw = "{\"sessionId\":\"S-\u0000-nul\"}";

        long intake = stores.intake().saveIntake(Channel.INBOX, "f".repeat(2_000) + ".json", contentType, raw, "a".repeat(1_000));

        IntakeStore.StoredIntake stored = stores.intake().intake(intake).orElseThrow();
        assertThat(stored.contentType()).hasSize(128).startsWith("application/json;");
        assertThat(stored.origin()).hasSize(512);
        assertThat(stored.rawPayload()).as("U+0000, which PostgreSQL text cannot hold, kept as U+FFFD")
                .isEqualTo(raw.replace('\u0000', '\uFFFD'));
        assertThat(stores.status().intakeActor(intake)).get().asString().hasSize(200);
    }

    @Test
    void aSessionKeyTheDatabaseRefusesIsKeptWithoutItAndTheOtherRecordsAreStored() {
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/x-ndjson", "three records");
        String tooLong = prefix + "x".repeat(900);

        List<IntakeStore.MessageIds> ids = stores.intake().addReceivedRecords(intake, List.of(
                new NewRecord(0, prefix + "S-before", "application/json", "{}"),
                new NewRecord(1, tooLong, "application/json", "{\"nul\":\"\u0000\"}"),
                new NewRecord(2, prefix + "S-after", "application/json", "{}")));

        assertThat(ids).extracting(IntakeStore.MessageIds::keyRefused).containsExactly(false, true, false);
        assertThat(stores.intake().messagesOfIntake(intake)).extracting(StoredMessage::sessionKey)
                .containsExactly(prefix + "S-before", null, prefix + "S-after");
        assertThat(stores.intake().messagesOfIntake(intake)).extracting(StoredMessage::status).containsOnly(MessageStatus.RECEIVED);
        assertThat(stores.status().message(ids.get(1).id())).get().extracting(StoredMessage::rawPayload).isEqualTo("{\"nul\":\"\uFFFD\"}");
    }

    @Test
    void anIntakeSetAsideHasItsOpenRecordsRejectedWithTheReasonAndIsProcessed() {
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/x-ndjson", "two records");
        List<Long> ids = stores.intake().addReceived(intake, List.of(
                new NewRecord(0, prefix + "S-judged", "application/json", "{}"),
                new NewRecord(1, prefix + "S-open", "application/json", "{}")));
        stores.intake().reject(ids.get(0), "{\"resourceType\":\"OperationOutcome\",\"id\":\"checks\"}");

        int rejected = stores.intake().setAside(intake, "{\"resourceType\":\"OperationOutcome\",\"id\":\"poison\"}", "set aside at recovery");

        assertThat(rejected).isEqualTo(1);
        assertThat(stores.status().message(ids.get(0))).get().extracting(StoredMessage::outcome).asString().contains("checks");
        StoredMessage open = stores.status().message(ids.get(1)).orElseThrow();
        assertThat(open.status()).isEqualTo(MessageStatus.REJECTED);
        assertThat(open.outcome()).contains("poison");
        assertThat(stores.status().auditOf(ids.get(1))).extracting(AuditEntry::toStatus, AuditEntry::detail)
                .contains(org.assertj.core.groups.Tuple.tuple("REJECTED", "set aside at recovery"));
        assertThat(stores.intake().unprocessedIntakes()).doesNotContain(intake);
    }

    @Test
    void anIntakeNeverSplitIsSetAsideAsOneRejectedMessageHoldingItsPayload() {
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/json", "{\"sessionId\":\"never split\"}");

        assertThat(stores.intake().setAside(intake, "{\"resourceType\":\"OperationOutcome\"}", "set aside")).isEqualTo(1);

        List<StoredMessage> messages = stores.intake().messagesOfIntake(intake);
        assertThat(messages).hasSize(1);
        assertThat(messages.get(0).status()).isEqualTo(MessageStatus.REJECTED);
        assertThat(messages.get(0).sessionKey()).isNull();
        assertThat(messages.get(0).rawPayload()).isEqualTo("{\"sessionId\":\"never split\"}");
        assertThat(messages.get(0).publicId()).isNotBlank();
        assertThat(stores.status().auditOf(messages.get(0).id())).extracting(AuditEntry::toStatus).containsExactly("RECEIVED", "REJECTED");
        assertThat(stores.intake().unprocessedIntakes()).doesNotContain(intake);
    }
}
