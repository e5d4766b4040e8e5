package org.imsfhir.routes.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.routes.logs.RecordMdc;
import org.imsfhir.routes.metrics.ClinicTags;
import org.imsfhir.routes.metrics.RecordMetrics;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.imsfhir.adapter.engine.ReadRecord;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.engine.UnreadablePayloadException;
import org.imsfhir.routes.poison.PoisonRecords;
import org.imsfhir.routes.poison.PoisonStage;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.IntakeStore;
import org.imsfhir.routes.store.MessageStatus;
import org.imsfhir.routes.store.NewRecord;
import org.imsfhir.routes.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake of one payload, whatever the channel: split it into records (read + check), admit them
 * to the bounded judging queue, store the payload raw (committed) and its records, judge each
 * record (map + validate) and store the verdict; a VALID record queues one delivery per destination
 * in the same transaction. A payload that does not fit the queue is not stored: the API refuses it
 * ({@link IntakeBusyException}, 503), the inbox and recovery wait. One record's failure (a value the
 * store cannot hold, an internal error) rejects that record alone. Logs session keys and counts only.
 */
public class IntakeService {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);
    private static final String RECORD_CONTENT_TYPE = "application/json";

    private final IntakeStore store;
    private final ImsEngine engine;
    private final RecordJudging judging;
    private final JudgeQueue queue;
    private final Function<String, Caller> callerOfActor;
    private final PoisonRecords poison;
    private final Duration retryAfter;
    private final RecordMetrics metrics;

    /** Told of every session judged VALID, before its verdict is committed (idempotent, no patient data in logs). */
    @FunctionalInterface
    public interface AcceptedListener {
        void accepted(long messageId, String sessionKey, ImsSession session);
    }

    public IntakeService(IntakeStore store, ImsEngine engine, Collection<String> destinations) {
        this(store, engine, destinations, (destination, session) -> true, (id, key, session) -> { }, Runnable::run,
                actor -> Caller.SYSTEM);
    }

    /** Without limits: judging on {@code judges}, the queue unbounded. */
    public IntakeService(IntakeStore store, ImsEngine engine, Collection<String> destinations,
                         BiPredicate<String, ImsSession> wants, AcceptedListener accepted, Executor judges,
                         Function<String, Caller> callerOfActor) {
        this(store, engine, destinations, wants, accepted, JudgeQueue.unbounded(judges), callerOfActor,
                new PoisonRecords(), Duration.ofSeconds(5));
    }

    /**
     * @param wants    whether a session gets a delivery to a destination (e.g. insurers: only billed sessions)
     * @param accepted told of every VALID session before its verdict is committed (e.g. claims: a payer without insurer)
     * @param queue    the bounded judging queue: its threads judge a payload's records in parallel
     * @param callerOfActor who a stored intake's sender is now (their clinics), for judging it again after a restart
     * @param poison   counts and logs records set aside
     * @param retryAfter what a refused sender is told to wait
     */
    public IntakeService(IntakeStore store, ImsEngine engine, Collection<String> destinations,
                         BiPredicate<String, ImsSession> wants, AcceptedListener accepted, JudgeQueue queue,
                         Function<String, Caller> callerOfActor, PoisonRecords poison, Duration retryAfter) {
        this(store, engine, destinations, wants, accepted, queue, callerOfActor, poison, retryAfter, RecordMetrics.none());
    }

    /** As above, counting records received and judged in {@code metrics}. */
    public IntakeService(IntakeStore store, ImsEngine engine, Collection<String> destinations,
                         BiPredicate<String, ImsSession> wants, AcceptedListener accepted, JudgeQueue queue,
                         Function<String, Caller> callerOfActor, PoisonRecords poison, Duration retryAfter,
                         RecordMetrics metrics) {
        this.metrics = metrics;
        this.callerOfActor = callerOfActor;
        this.store = store;
        this.engine = engine;
        this.judging = new RecordJudging(store, engine, destinations, wants, accepted, queue.executor(), poison, metrics);
        this.queue = queue;
        this.poison = poison;
        this.retryAfter = retryAfter;
    }

    /** As {@link #receive(Channel, String, PayloadFormat, String, String, Caller)} for a sender of every clinic. */
    public IntakeResult receive(Channel channel, String origin, PayloadFormat format, String contentType, String payload) {
        return receive(channel, origin, format, contentType, payload, Caller.SYSTEM);
    }

    /**
     * Splits the payload, admits its records to the judging queue, stores it (from then on it is
     * never lost) and judges its records. Over REST a payload that does not fit the queue now is
     * refused with {@link IntakeBusyException} before anything is stored; other channels wait for
     * room. A record of a clinic ({@code source.system}) the sender is not registered for is
     * REJECTED on that field; the other records go on.
     */
    public IntakeResult receive(Channel channel, String origin, PayloadFormat format, String contentType, String payload,
                                Caller sender) {
        boolean refuseWhenFull = channel == Channel.REST;
        if (refuseWhenFull && queue.full()) {
            throw busy(); // before reading it
        }
        Split split = split(payload, format);
        try (JudgeQueue.Ticket ticket = refuseWhenFull ? queue.tryAdmit(split.size()).orElseThrow(this::busy)
                : admit(split.size())) {
            long intakeId = store.saveIntake(channel, origin, contentType, payload, sender.id());
            try (RecordMdc mdc = RecordMdc.intake(intakeId)) {
                return process(new RecordJudging.Origin(intakeId, channel, sender), split, contentType, payload);
            }
        }
    }

    private IntakeBusyException busy() {
        queue.refused();
        return new IntakeBusyException(IntakeBusyException.Limit.QUEUED_RECORDS, retryAfter);
    }

    /** A payload's records, or why it cannot be split into records at all. */
    private record Split(List<ReadRecord> records, OperationOutcome unreadable, Throwable failure) {
        int size() {
            return records.size();
        }
    }

    private Split split(String payload, PayloadFormat format) {
        try {
            List<ReadRecord> records = engine.read(payload, format);
            if (records.isEmpty()) {
                // E.g. "[]" or a CSV header alone: kept as one REJECTED message, so the sender is told.
                return new Split(records, Outcomes.error(IssueType.STRUCTURE, "The payload holds no records"), null);
            }
            return new Split(records, null, null);
        } catch (UnreadablePayloadException e) {
            OperationOutcome outcome = Outcomes.of(e.violations());
            outcome.getIssue().forEach(i -> i.setCode(IssueType.STRUCTURE));
            return new Split(List.of(), outcome, null);
        } catch (RuntimeException | StackOverflowError e) {
            // A reader failure on hostile input must not become a 500: the payload is kept, as unreadable.
            return new Split(List.of(), Outcomes.error(IssueType.EXCEPTION, "The payload could not be read (internal error "
                    + PoisonRecords.describe(e) + "); it is kept, rejected. Check its structure, or send it in smaller parts."), e);
        }
    }

    private JudgeQueue.Ticket admit(int records) {
        try {
            return queue.admit(records);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for room in the judging queue", e);
        }
    }

    private IntakeResult process(RecordJudging.Origin origin, Split split, String contentType, String payload) {
        long intakeId = origin.intakeId();
        if (split.unreadable() != null) {
            metrics.received(origin.channel(), ClinicTags.NONE);
            metrics.judged(origin.channel(), ClinicTags.NONE, MessageStatus.REJECTED);
            // Kept as one REJECTED message so that nothing received is lost.
            IntakeStore.MessageIds ids = store.addReceivedRecords(intakeId,
                    List.of(new NewRecord(0, null, contentType, payload))).get(0);
            store.reject(ids.id(), Outcomes.toJson(split.unreadable()));
            store.markIntakeProcessed(intakeId);
            if (split.failure() != null) {
                poison.setAside(PoisonStage.INTAKE, "intake " + intakeId, "its payload could not be read; kept as one"
                        + " REJECTED message", split.failure());
            }
            LOG.info("Intake {}: unreadable payload rejected", intakeId);
            return new IntakeResult(intakeId, true, List.of(new RecordOutcome(0, 0, ids.id(), ids.publicId(), null,
                    MessageStatus.REJECTED, split.unreadable())));
        }
        List<ReadRecord> records = new ArrayList<>(split.size());
        List<NewRecord> rows = new ArrayList<>(split.size());
        for (ReadRecord read : split.records()) {
            ReadRecord r = StorageLimits.apply(read);
            records.add(r);
            rows.add(new NewRecord(r.index(), r.sessionKey(), RECORD_CONTENT_TYPE, r.rawText() == null ? "" : r.rawText()));
        }
        List<IntakeStore.MessageIds> ids = store.addReceivedRecords(intakeId, rows);
        for (ReadRecord r : split.records()) {
            metrics.received(origin.channel(), metrics.clinic(r.sessionKey(), r.checked()));
        }
        for (int i = 0; i < records.size(); i++) {
            if (ids.get(i).keyRefused()) {
                records.set(i, withoutKey(records.get(i)));
            }
            if (records.get(i) != split.records().get(i)) {
                poison.setAside(PoisonStage.STORAGE, "message " + ids.get(i).id() + " of intake " + intakeId,
                        "a value exceeds a limit of the message store; REJECTED with its field path", null);
            }
        }
        List<RecordOutcome> outcomes = judging.judgeAll(origin, ids, records);
        store.markIntakeProcessed(intakeId);
        long accepted = outcomes.stream().filter(RecordOutcome::accepted).count();
        LOG.info("Intake {}: {} record(s), {} accepted, {} rejected", intakeId, outcomes.size(), accepted,
                outcomes.size() - accepted);
        return new IntakeResult(intakeId, false, outcomes);
    }

    /** The database refused the record's session key (a limit the checks before did not know). */
    private static ReadRecord withoutKey(ReadRecord r) {
        List<Violation> violations = new ArrayList<>(r.violations());
        violations.add(Violation.error("sessionId", "could not be stored: with source.system it exceeds a limit of the"
                + " message store (the session key column)"));
        return new ReadRecord(r.index(), r.line(), r.rawText(), null, r.session(), violations);
    }

    /**
     * Finishes one intake stored but not fully judged (the process stopped in between): a payload
     * never split is split and judged again (waiting for room in the judging queue); records still
     * RECEIVED are judged, each on its own. Throws when the intake as a whole cannot be finished
     * ({@link IntakeRecovery} then sets it aside).
     */
    public void resume(long intakeId) {
        try (RecordMdc mdc = RecordMdc.intake(intakeId)) {
            IntakeStore.StoredIntake intake = store.intake(intakeId).orElseThrow();
            Caller sender = callerOfActor.apply(intake.actor());
            RecordJudging.Origin origin = new RecordJudging.Origin(intakeId, intake.channel(), sender);
            List<StoredMessage> messages = store.messagesOfIntake(intakeId);
            if (messages.isEmpty()) {
                PayloadFormat format = PayloadFormat.ofContentType(intake.contentType()).orElse(PayloadFormat.JSON);
                Split split = split(intake.rawPayload(), format);
                try (JudgeQueue.Ticket ticket = admit(split.size())) {
                    process(origin, split, intake.contentType(), intake.rawPayload());
                }
                return;
            }
            for (StoredMessage message : messages) {
                if (message.status() == MessageStatus.RECEIVED) {
                    judgeAgain(message, origin);
                }
            }
            store.markIntakeProcessed(intakeId);
        }
    }

    /** A record stored by an earlier run and never judged: counted as received again in this run, then judged. */
    private void judgeAgain(StoredMessage message, RecordJudging.Origin origin) {
        IntakeStore.MessageIds ids = new IntakeStore.MessageIds(message.id(), message.publicId());
        ReadRecord record;
        try {
            List<ReadRecord> read = engine.read(message.rawPayload(), PayloadFormat.JSON);
            ReadRecord first = read.get(0);
            record = StorageLimits.apply(new ReadRecord(message.recordIndex(), 0, first.rawText(), first.sessionKey(),
                    first.session(), first.violations()));
        } catch (UnreadablePayloadException | IndexOutOfBoundsException e) {
            store.reject(message.id(), Outcomes.toJson(Outcomes.error(IssueType.STRUCTURE, "The record is not readable")));
            metrics.received(origin.channel(), ClinicTags.NONE);
            metrics.judged(origin.channel(), ClinicTags.NONE, MessageStatus.REJECTED);
            return;
        } catch (RuntimeException | StackOverflowError e) {
            store.reject(message.id(), Outcomes.toJson(Outcomes.error(IssueType.EXCEPTION, "The record could not be read"
                    + " (internal error " + PoisonRecords.describe(e) + "); it is kept, rejected.")));
            poison.setAside(PoisonStage.RECOVERY, "message " + message.id(), "reading it again failed; REJECTED", e);
            metrics.received(origin.channel(), ClinicTags.NONE);
            metrics.judged(origin.channel(), ClinicTags.NONE, MessageStatus.REJECTED);
            return;
        }
        metrics.received(origin.channel(), metrics.clinic(record.sessionKey(), record.checked()));
        judging.judgeSafely(origin, ids, record);
    }
}
