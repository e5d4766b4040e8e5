package org.imsfhir.routes.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.engine.Judgement;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.imsfhir.adapter.engine.ReadRecord;
import org.imsfhir.adapter.engine.UnreadablePayloadException;
import org.imsfhir.routes.poison.PoisonRecords;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.MessageStatus;
import org.imsfhir.routes.support.TestDatabases;
import org.imsfhir.routes.support.TestStores;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;

/**
 * The bounded judging queue: a REST payload that does not fit is refused before anything is
 * stored (the sender is told when to try again); an inbox payload waits for room and is then
 * taken in whole; a payload larger than the whole queue is still taken once the queue is empty.
 */
class IntakeBackPressureTest {

    private final TestRecords records = new TestRecords("https://back-pressure-test.example/pms");
    private final TestStores stores = TestStores.on(TestDatabases.h2("back-pressure"), Clock.systemUTC());
    private final JudgeQueue queue = new JudgeQueue(Runnable::run, 4);
    private final IntakeService intake = new IntakeService(stores.intake(), new InstantJudge(), List.of("ehr"), (d, s) -> true,
            (id, key, session) -> { }, queue, actor -> Caller.SYSTEM, new PoisonRecords(), Duration.ofSeconds(7));

    @Test
    void aRestPayloadThatDoesNotFitIsRefusedAndNotStored() {
        JudgeQueue.Ticket busy = queue.tryAdmit(3).orElseThrow();

        assertThatThrownBy(() -> intake.receive(Channel.REST, null, PayloadFormat.NDJSON, "application/x-ndjson",
                TestRecords.ndjson(records.sessions(0, 2, 2)), Caller.SYSTEM))
                .isInstanceOfSatisfying(IntakeBusyException.class, e -> {
                    assertThat(e.limit()).isEqualTo(IntakeBusyException.Limit.QUEUED_RECORDS);
                    assertThat(e.retryAfterSeconds()).isEqualTo(7);
                });
        assertThat(stores.intake().unprocessedIntakes()).isEmpty();
        assertThat(stores.status().countMessages(MessageStatus.RECEIVED) + stores.status().countMessages(MessageStatus.VALID)).isZero();
        assertThat(queue.refusals()).isEqualTo(1);

        IntakeResult fits = intake.receive(Channel.REST, null, PayloadFormat.JSON, "application/json",
                TestRecords.json(records.session(5, 5)), Caller.SYSTEM);
        assertThat(fits.accepted()).isEqualTo(1);

        busy.close();
        IntakeResult later = intake.receive(Channel.REST, null, PayloadFormat.NDJSON, "application/x-ndjson",
                TestRecords.ndjson(records.sessions(0, 2, 2)), Caller.SYSTEM);
        assertThat(later.accepted()).isEqualTo(2);
    }

    @Test
    void anInboxPayloadWaitsForRoomAndIsThenTakenInWhole() throws Exception {
        JudgeQueue.Ticket busy = queue.tryAdmit(4).orElseThrow();

        CompletableFuture<IntakeResult> waiting = CompletableFuture.supplyAsync(() -> intake.receive(Channel.INBOX,
                "batch.ndjson", PayloadFormat.NDJSON, "application/x-ndjson", TestRecords.ndjson(records.sessions(10, 13, 3)),
                Caller.INBOX));
        Thread.sleep(500);
        assertThat(waiting).as("waits while the queue is full").isNotDone();
        assertThat(stores.intake().unprocessedIntakes()).as("nothing stored while it waits").isEmpty();

        busy.close();
        IntakeResult result = waiting.get(30, TimeUnit.SECONDS);
        assertThat(result.accepted()).isEqualTo(3);
    }

    @Test
    void aPayloadLargerThanTheWholeQueueIsTakenWhenTheQueueIsEmpty() {
        IntakeResult result = intake.receive(Channel.REST, null, PayloadFormat.NDJSON, "application/x-ndjson",
                TestRecords.ndjson(records.sessions(20, 30, 5)), Caller.SYSTEM);

        assertThat(result.accepted()).isEqualTo(10);
        assertThat(queue.tryAdmit(4)).as("its room given back").isPresent();
    }

    /** Reads for real, judges every checked record VALID at once. */
    private static final class InstantJudge extends ImsEngine {
        InstantJudge() {
            super(ImsEngine.builder());
        }

        @Override
        public List<ReadRecord> read(String payload, PayloadFormat format) throws UnreadablePayloadException {
            return super.read(payload, format);
        }

        @Override
        public Judgement judge(ImsSession session) {
            return new Judgement("{\"resourceType\":\"Bundle\"}", new OperationOutcome());
        }
    }
}
