package org.imsfhir.routes.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.engine.Judgement;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.imsfhir.adapter.engine.ReadRecord;
import org.imsfhir.adapter.engine.UnreadablePayloadException;
import org.imsfhir.routes.poison.PoisonRecords;
import org.imsfhir.routes.poison.PoisonStage;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.MessageStatus;
import org.imsfhir.routes.store.NewRecord;
import org.imsfhir.routes.store.StoredMessage;
import org.imsfhir.routes.support.TestDatabases;
import org.imsfhir.routes.support.TestStores;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * Start-up recovery over an earlier run's unfinished intakes, poison ones first in the store: each
 * is handled on its own. A record the store cannot hold (a 100,000-character sessionId) is REJECTED
 * on its field path with the limit; a record whose judging throws is REJECTED with the reason; an
 * intake that cannot be resumed at all is set aside (records REJECTED, processed, counted); one that
 * failed only because the database was away is left for the next start; and every good intake
 * after them is resumed and VALID.
 */
class IntakeRecoveryTest {

    private static final String POISON_ACTOR = "poison-actor";
    private static final String AWAY_ACTOR = "database-away";

    private final TestRecords records = new TestRecords("https://recovery-test.example/pms");
    private final TestStores stores = TestStores.on(TestDatabases.h2("recovery"), Clock.systemUTC());
    private final PoisonRecords poison = new PoisonRecords();
    private final IntakeService intake = new IntakeService(stores.intake(), new ThrowsOnMarkers(), List.of("ehr"), (d, s) -> true,
            (id, key, session) -> { }, JudgeQueue.unbounded(Runnable::run), IntakeRecoveryTest::callerOf, poison,
            Duration.ofSeconds(5));
    private final IntakeRecovery recovery = new IntakeRecovery(stores.intake(), intake, poison, Duration.ZERO);

    private static Caller callerOf(String actor) {
        if (POISON_ACTOR.equals(actor)) {
            throw new IllegalStateException("a bug that only this intake meets");
        }
        if (AWAY_ACTOR.equals(actor)) {
            throw new CannotGetJdbcConnectionException("database away");
        }
        return Caller.SYSTEM;
    }

    @Test
    void poisonIntakesAreSetAsideWithTheirReasonAndEveryGoodIntakeAfterThemIsResumed() {
        ObjectNode longId = records.session(1, 1);
        longId.put("sessionId", "L".repeat(100_000));
        long tooLong = stored(TestRecords.json(longId), "operator");
        long judgingThrows = stored(TestRecords.json(records.session(2, 2)).replace("S-2", "S-2-JUDGE-THROWS"), "operator");
        long readingThrows = stored(TestRecords.json(records.session(3, 3)).replace("S-3", "S-3-READ-THROWS"), "operator");
        long cannotResume = stored(TestRecords.json(records.session(4, 4)), POISON_ACTOR);
        long databaseAway = stored(TestRecords.json(records.session(5, 5)), AWAY_ACTOR);
        long goodUnsplit = stored(TestRecords.ndjson(records.sessions(10, 13, 3)), "operator");
        long goodSplit = storedWithReceivedRecords(records.sessions(20, 22, 2));

        IntakeRecovery.Result result = recovery.resumeAbandoned();

        assertThat(result).isEqualTo(new IntakeRecovery.Result(5, 1, 1));
        StoredMessage longMessage = only(tooLong);
        assertThat(longMessage.status()).isEqualTo(MessageStatus.REJECTED);
        assertThat(longMessage.sessionKey()).as("the key the store cannot hold is not kept").isNull();
        assertThat(longMessage.outcome()).contains("\"sessionId\"").contains("800").doesNotContain("LLLLLLLLLL");
        assertThat(only(judgingThrows).status()).isEqualTo(MessageStatus.REJECTED);
        assertThat(only(judgingThrows).outcome()).contains("internal error IllegalStateException")
                .doesNotContain("would quote");
        assertThat(only(readingThrows).status()).isEqualTo(MessageStatus.REJECTED);
        assertThat(only(readingThrows).outcome()).contains("could not be read");
        assertThat(only(cannotResume).status()).isEqualTo(MessageStatus.REJECTED);
        assertThat(only(cannotResume).outcome()).contains("set aside").contains("IllegalStateException")
                .doesNotContain("a bug that only this intake meets");
        assertThat(stores.intake().unprocessedIntakes()).as("only the one the database failed is left for later")
                .containsExactly(databaseAway);
        assertThat(stores.intake().messagesOfIntake(goodUnsplit)).extracting(StoredMessage::status).containsOnly(MessageStatus.VALID)
                .hasSize(3);
        assertThat(stores.intake().messagesOfIntake(goodSplit)).extracting(StoredMessage::status).containsOnly(MessageStatus.VALID)
                .hasSize(2);
        assertThat(stores.intake().messagesOfIntake(goodSplit)).allSatisfy(m -> assertThat(stores.status().deliveriesOf(m.id())).hasSize(1));
        assertThat(poison.count(PoisonStage.STORAGE)).isEqualTo(1);
        assertThat(poison.count(PoisonStage.INTAKE)).isEqualTo(2);
        assertThat(poison.count(PoisonStage.RECOVERY)).isEqualTo(1);
    }

    private long stored(String payload, String actor) {
        return stores.intake().saveIntake(Channel.REST, null, "application/x-ndjson", payload, actor);
    }

    private long storedWithReceivedRecords(List<ObjectNode> sessions) {
        long id = stored(TestRecords.ndjson(sessions), "operator");
        stores.intake().addReceived(id, List.of(
                new NewRecord(0, records.system() + "|S-20", "application/json", TestRecords.json(sessions.get(0))),
                new NewRecord(1, records.system() + "|S-21", "application/json", TestRecords.json(sessions.get(1)))));
        return id;
    }

    private StoredMessage only(long intakeId) {
        List<StoredMessage> messages = stores.intake().messagesOfIntake(intakeId);
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    /** Reads for real; judges in no time; throws where the payload or session carries a marker. */
    private static final class ThrowsOnMarkers extends ImsEngine {
        ThrowsOnMarkers() {
            super(ImsEngine.builder());
        }

        @Override
        public List<ReadRecord> read(String payload, PayloadFormat format) throws UnreadablePayloadException {
            if (payload.contains("READ-THROWS")) {
                throw new StackOverflowError();
            }
            return super.read(payload, format);
        }

        @Override
        public Judgement judge(ImsSession session) {
            if (session.sessionId().contains("JUDGE-THROWS")) {
                throw new IllegalStateException("would quote " + session.patient().family());
            }
            return new Judgement("{\"resourceType\":\"Bundle\"}", new OperationOutcome());
        }
    }
}
