package org.imsfhir.routes.intake;

import org.imsfhir.routes.support.TestDatabases;
import org.imsfhir.routes.support.TestStores;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.engine.Judgement;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.imsfhir.adapter.engine.ReadRecord;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.MessageStatus;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Records of one payload are judged on several threads, yet answered in record order, and two
 * versions of the same session are queued for delivery in the order they came (the outbox delivers
 * a session's queue in order, so the later version is never overtaken).
 */
class IntakeServiceParallelJudgingTest {

    private final ExecutorService judges = Executors.newFixedThreadPool(4);
    private final Set<String> judgingThreads = ConcurrentHashMap.newKeySet();
    private final TestRecords records = new TestRecords("https://parallel-judging-test.example/pms");

    @AfterEach
    void stop() {
        judges.shutdownNow();
    }

    @Test
    void aLaterVersionOfASessionIsQueuedAfterTheEarlierOneAndAnswersKeepRecordOrder() throws Exception {
        TestStores stores = TestStores.on(TestDatabases.h2("parallel-judging"), Clock.systemUTC());
        IntakeService intake = new IntakeService(stores.intake(), new SlowFirstVersions(), List.of("ehr"), (d, s) -> true,
                (id, key, session) -> { }, judges, actor -> org.imsfhir.routes.security.Caller.SYSTEM);
        List<ObjectNode> batch = new ArrayList<>();
        ObjectNode first = records.session(1, 1);
        first.put("sessionNumber", 1);          // judged slowly
        batch.add(first);
        for (int i = 2; i <= 7; i++) {
            batch.add(records.session(i, i));
        }
        ObjectNode second = records.session(1, 1);
        second.put("sessionNumber", 2);         // the same session again, corrected: judged fast
        batch.add(second);

        IntakeResult result = intake.receive(Channel.REST, null, PayloadFormat.NDJSON, "application/x-ndjson", TestRecords.ndjson(batch));

        assertThat(result.records()).extracting(RecordOutcome::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(result.records()).extracting(RecordOutcome::status).containsOnly(MessageStatus.VALID);
        assertThat(judgingThreads).as("judged on more than one thread").hasSizeGreaterThan(1);
        long firstDelivery = stores.status().deliveriesOf(result.records().get(0).messageId()).get(0).id();
        long secondDelivery = stores.status().deliveriesOf(result.records().get(7).messageId()).get(0).id();
        assertThat(firstDelivery).as("the earlier version is queued first").isLessThan(secondDelivery);
    }

    /** Reads for real; "judges" in no time, except version 1 of a session, which takes 400 ms. */
    private final class SlowFirstVersions extends ImsEngine {
        SlowFirstVersions() {
            super(ImsEngine.builder());
        }

        @Override
        public List<ReadRecord> read(String payload, PayloadFormat format) throws org.imsfhir.adapter.engine.UnreadablePayloadException {
            return super.read(payload, format);
        }

        @Override
        public Judgement judge(ImsSession session) {
            judgingThreads.add(Thread.currentThread().getName());
            if (Integer.valueOf(1).equals(session.sessionNumber())) {
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Judgement("{\"resourceType\":\"Bundle\"}", new OperationOutcome());
        }
    }
}
