package org.imsfhir.routes.intake;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.routes.logs.RecordMdc;
import org.imsfhir.routes.metrics.RecordMetrics;
import org.imsfhir.adapter.engine.Judgement;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.adapter.engine.ReadRecord;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.routes.poison.PoisonRecords;
import org.imsfhir.routes.poison.PoisonStage;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.IntakeStore;
import org.imsfhir.routes.store.MessageStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * The verdict on each stored (RECEIVED) record of an intake: REJECTED with its reasons, or mapped,
 * validated and VALID with one PENDING delivery per destination that wants it (one transaction).
 * A record's own failure (an internal error, a value the database refuses) rejects that record
 * alone, with the reason; the message store being unreachable propagates (the intake is resumed).
 */
final class RecordJudging {

    private static final Logger LOG = LoggerFactory.getLogger(RecordJudging.class);

    private final IntakeStore store;
    private final ImsEngine engine;
    private final Collection<String> destinations;
    private final BiPredicate<String, ImsSession> wants;
    private final IntakeService.AcceptedListener accepted;
    private final Executor judges;
    private final PoisonRecords poison;
    private final RecordMetrics metrics;

    /** Where the records being judged came from: their intake, its channel and its sender. */
    record Origin(long intakeId, Channel channel, Caller sender) {
    }

    RecordJudging(IntakeStore store, ImsEngine engine, Collection<String> destinations,
                  BiPredicate<String, ImsSession> wants, IntakeService.AcceptedListener accepted, Executor judges,
                  PoisonRecords poison, RecordMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.engine = engine;
        this.destinations = List.copyOf(destinations);
        this.wants = wants;
        this.accepted = accepted;
        this.judges = judges;
        this.poison = poison;
    }

    /**
     * Judges the records in parallel on the queue's threads, answers in record order. Records of the
     * same session key are judged one after the other in their order, so a later version of a
     * session is never queued for delivery before an earlier one (the outbox keeps queue order per
     * session key).
     */
    List<RecordOutcome> judgeAll(Origin origin, List<IntakeStore.MessageIds> ids, List<ReadRecord> records) {
        Map<String, List<Integer>> bySession = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            String key = records.get(i).sessionKey();
            bySession.computeIfAbsent(key == null ? "#" + i : key, k -> new ArrayList<>()).add(i);
        }
        RecordOutcome[] outcomes = new RecordOutcome[records.size()];
        List<CompletableFuture<Void>> tasks = bySession.values().stream()
                .map(indexes -> CompletableFuture.runAsync(
                        () -> indexes.forEach(i -> outcomes[i] = judgeSafely(origin, ids.get(i), records.get(i))),
                        judges))
                .toList();
        try {
            CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // A store failure: the intake stays unprocessed and is resumed at the next start.
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return List.of(outcomes);
    }

    /**
     * {@link #judge} with one record's internal error confined to that record: it is REJECTED with
     * the reason (the error's class, never its message) and the others go on. The message store
     * being unreachable is not the record's fault: that propagates, and the intake is resumed later.
     */
    RecordOutcome judgeSafely(Origin origin, IntakeStore.MessageIds ids, ReadRecord record) {
        try (RecordMdc mdc = RecordMdc.record(origin.intakeId(), ids.id())) {
            RecordOutcome outcome = judgeConfined(ids, record, origin.sender());
            metrics.judged(origin.channel(), metrics.clinic(record.sessionKey(), record.checked()), outcome.status());
            return outcome;
        }
    }

    private RecordOutcome judgeConfined(IntakeStore.MessageIds ids, ReadRecord record, Caller sender) {
        try {
            return judge(ids, record, sender);
        } catch (RuntimeException | StackOverflowError e) {
            if (PoisonRecords.transientFailure(e)) {
                throw e;
            }
            OperationOutcome outcome = Outcomes.error(IssueType.EXCEPTION, "The record could not be judged (internal error "
                    + PoisonRecords.describe(e) + "); it is kept, rejected. Send it again once the cause is fixed.");
            store.reject(ids.id(), Outcomes.toJson(outcome));
            poison.setAside(PoisonStage.INTAKE, "message " + ids.id() + " (" + record.sessionKey() + ")",
                    "judging failed; REJECTED with the reason", e);
            return new RecordOutcome(record.index(), record.line(), ids.id(), ids.publicId(), record.sessionKey(),
                    MessageStatus.REJECTED, outcome);
        }
    }

    private RecordOutcome judge(IntakeStore.MessageIds ids, ReadRecord record, Caller sender) {
        long messageId = ids.id();
        OperationOutcome outcome = Outcomes.of(record.violations());
        boolean foreignClinic = record.sessionKey() != null && !sender.mayAccessSession(record.sessionKey());
        if (foreignClinic) {
            Outcomes.merge(outcome, Outcomes.of(List.of(Violation.error("source.system",
                    "this sender is not registered for this clinic; its records are refused"))));
        }
        if (!record.checked() || foreignClinic) {
            return reject(ids, record, outcome, "by the record checks");
        }
        Judgement judgement;
        try {
            judgement = engine.judge(record.session());
        } catch (RuntimeException | StackOverflowError e) {
            // A mapping bug must not take the batch down; the record is kept, rejected, and replayable by resending.
            poison.setAside(PoisonStage.INTAKE, "message " + messageId + " (" + record.sessionKey() + ")",
                    "mapping or validation failed; REJECTED with the reason", e);
            judgement = new Judgement(null, Outcomes.error(IssueType.EXCEPTION,
                    "The record could not be mapped or validated (internal error " + e.getClass().getSimpleName() + ")"));
        }
        Outcomes.merge(outcome, judgement.outcome());
        if (!judgement.valid()) {
            return reject(ids, record, outcome, "by profile validation");
        }
        List<String> to = destinations.stream().filter(d -> wants.test(d, record.session())).toList();
        try {
            accepted.accepted(messageId, record.sessionKey(), record.session());
            store.accept(messageId, outcome.hasIssue() ? Outcomes.toJson(outcome) : null, judgement.bundleJson(), to);
        } catch (DataIntegrityViolationException e) {
            // The last line behind StorageLimits: a value the database refused rejects this record only.
            poison.setAside(PoisonStage.STORAGE, "message " + messageId + " (" + record.sessionKey() + ")",
                    "the store refused a value of the VALID record; REJECTED", e);
            return reject(ids, record, Outcomes.merge(outcome, Outcomes.error(IssueType.TOOLONG, "The record could not be"
                    + " stored: a value exceeds a limit of the message store (the database refused it)")), "by the store");
        }
        return new RecordOutcome(record.index(), record.line(), messageId, ids.publicId(), record.sessionKey(),
                MessageStatus.VALID, outcome);
    }

    private RecordOutcome reject(IntakeStore.MessageIds ids, ReadRecord record, OperationOutcome outcome, String by) {
        store.reject(ids.id(), Outcomes.toJson(outcome));
        LOG.debug("Message {} ({}) rejected {}", ids.id(), record.sessionKey(), by);
        return new RecordOutcome(record.index(), record.line(), ids.id(), ids.publicId(), record.sessionKey(),
                MessageStatus.REJECTED, outcome);
    }
}
