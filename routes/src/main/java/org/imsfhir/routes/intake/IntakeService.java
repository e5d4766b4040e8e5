package org.imsfhir.routes.intake;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.record.ImsSession;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.pipeline.Judgement;
import org.imsfhir.routes.pipeline.Outcomes;
import org.imsfhir.routes.pipeline.PayloadFormat;
import org.imsfhir.routes.pipeline.ReadRecord;
import org.imsfhir.routes.pipeline.SessionPipeline;
import org.imsfhir.routes.pipeline.UnreadablePayloadException;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.MessageStatus;
import org.imsfhir.routes.store.MessageStore;
import org.imsfhir.routes.store.NewRecord;
import org.imsfhir.routes.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Intake of one payload, whatever the channel: store it raw (committed), split it into records,
 * judge each record (read + check, then map + validate) and store the verdict; a VALID record
 * queues one delivery per destination in the same transaction. Logs session keys and counts only.
 */
public class IntakeService {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeService.class);
    private static final String RECORD_CONTENT_TYPE = "application/json";

    private final MessageStore store;
    private final SessionPipeline pipeline;
    private final Collection<String> destinations;
    private final BiPredicate<String, ImsSession> wants;
    private final AcceptedListener accepted;
    private final Executor judges;
    private final Function<String, Caller> callerOfActor;

    /** Told of every session judged VALID, before its verdict is committed (idempotent, no patient data in logs). */
    @FunctionalInterface
    public interface AcceptedListener {
        void accepted(long messageId, String sessionKey, ImsSession session);
    }

    public IntakeService(MessageStore store, SessionPipeline pipeline, Collection<String> destinations) {
        this(store, pipeline, destinations, (destination, session) -> true, (id, key, session) -> { }, Runnable::run,
                actor -> Caller.SYSTEM);
    }

    /**
     * @param wants    whether a session gets a delivery to a destination (e.g. insurers: only billed sessions)
     * @param accepted told of every VALID session before its verdict is committed (e.g. claims: a payer without insurer)
     * @param judges   runs the judging (mapping + profile validation) of a payload's records, so that
     *                 one large batch uses every core; {@code Runnable::run} judges on the caller's thread
     * @param callerOfActor who a stored intake's sender is now (their clinics), for judging it again after a restart
     */
    public IntakeService(MessageStore store, SessionPipeline pipeline, Collection<String> destinations,
                         BiPredicate<String, ImsSession> wants, AcceptedListener accepted, Executor judges,
                         Function<String, Caller> callerOfActor) {
        this.callerOfActor = callerOfActor;
        this.store = store;
        this.pipeline = pipeline;
        this.destinations = List.copyOf(destinations);
        this.wants = wants;
        this.accepted = accepted;
        this.judges = judges;
    }

    /** As {@link #receive(Channel, String, PayloadFormat, String, String, Caller)} for a sender of every clinic. */
    public IntakeResult receive(Channel channel, String origin, PayloadFormat format, String contentType, String payload) {
        return receive(channel, origin, format, contentType, payload, Caller.SYSTEM);
    }

    /**
     * Stores the payload first (from then on it is never lost), then judges its records. A record of
     * a clinic ({@code source.system}) the sender is not registered for is REJECTED on that field;
     * the other records go on.
     */
    public IntakeResult receive(Channel channel, String origin, PayloadFormat format, String contentType, String payload,
                                Caller sender) {
        long intakeId = store.saveIntake(channel, origin, contentType, payload, sender.id());
        return process(intakeId, format, contentType, payload, sender);
    }

    private IntakeResult process(long intakeId, PayloadFormat format, String contentType, String payload, Caller sender) {
        List<ReadRecord> records;
        try {
            records = pipeline.read(payload, format);
        } catch (UnreadablePayloadException e) {
            // Kept as one REJECTED message so that nothing received is lost.
            MessageStore.MessageIds ids = store.addReceivedRecords(intakeId,
                    List.of(new NewRecord(0, null, contentType, payload))).get(0);
            OperationOutcome outcome = Outcomes.of(e.violations());
            outcome.getIssue().forEach(i -> i.setCode(IssueType.STRUCTURE));
            store.reject(ids.id(), Outcomes.toJson(outcome));
            store.markIntakeProcessed(intakeId);
            LOG.info("Intake {}: unreadable {} payload rejected", intakeId, format);
            return new IntakeResult(intakeId, true,
                    List.of(new RecordOutcome(0, 0, ids.id(), ids.publicId(), null, MessageStatus.REJECTED, outcome)));
        }
        List<NewRecord> rows = records.stream()
                .map(r -> new NewRecord(r.index(), r.sessionKey(), RECORD_CONTENT_TYPE, r.rawText() == null ? "" : r.rawText()))
                .toList();
        List<MessageStore.MessageIds> ids = store.addReceivedRecords(intakeId, rows);
        List<RecordOutcome> outcomes = judgeAll(ids, records, sender);
        store.markIntakeProcessed(intakeId);
        long accepted = outcomes.stream().filter(RecordOutcome::accepted).count();
        LOG.info("Intake {}: {} record(s), {} accepted, {} rejected", intakeId, outcomes.size(), accepted,
                outcomes.size() - accepted);
        return new IntakeResult(intakeId, false, outcomes);
    }

    /**
     * Judges the records in parallel on {@link #judges}, answers in record order. Records of the same
     * session key are judged one after the other in their order, so a later version of a session is
     * never queued for delivery before an earlier one (the outbox keeps queue order per session key).
     */
    private List<RecordOutcome> judgeAll(List<MessageStore.MessageIds> ids, List<ReadRecord> records, Caller sender) {
        Map<String, List<Integer>> bySession = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++) {
            String key = records.get(i).sessionKey();
            bySession.computeIfAbsent(key == null ? "#" + i : key, k -> new ArrayList<>()).add(i);
        }
        RecordOutcome[] outcomes = new RecordOutcome[records.size()];
        List<CompletableFuture<Void>> tasks = bySession.values().stream()
                .map(indexes -> CompletableFuture.runAsync(
                        () -> indexes.forEach(i -> outcomes[i] = judge(ids.get(i), records.get(i), sender)), judges))
                .toList();
        try {
            CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // A store failure: the intake stays unprocessed and is resumed at the next start.
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return List.of(outcomes);
    }

    private RecordOutcome judge(MessageStore.MessageIds ids, ReadRecord record, Caller sender) {
        long messageId = ids.id();
        OperationOutcome outcome = Outcomes.of(record.violations());
        boolean foreignClinic = record.sessionKey() != null && !sender.mayAccessSession(record.sessionKey());
        if (foreignClinic) {
            Outcomes.merge(outcome, Outcomes.of(List.of(Violation.error("source.system",
                    "this sender is not registered for this clinic; its records are refused"))));
        }
        if (!record.checked() || foreignClinic) {
            store.reject(messageId, Outcomes.toJson(outcome));
            LOG.debug("Message {} ({}) rejected by the record checks", messageId, record.sessionKey());
            return new RecordOutcome(record.index(), record.line(), messageId, ids.publicId(), record.sessionKey(),
                    MessageStatus.REJECTED, outcome);
        }
        Judgement judgement;
        try {
            judgement = pipeline.judge(record.session());
        } catch (RuntimeException e) {
            // A mapping bug must not take the batch down; the record is kept, rejected, and replayable by resending.
            LOG.warn("Message {} ({}): mapping or validation failed with {}", messageId, record.sessionKey(),
                    e.getClass().getName());
            judgement = new Judgement(null, Outcomes.error(IssueType.EXCEPTION,
                    "The record could not be mapped or validated (internal error " + e.getClass().getSimpleName() + ")"));
        }
        Outcomes.merge(outcome, judgement.outcome());
        if (!judgement.valid()) {
            store.reject(messageId, Outcomes.toJson(outcome));
            LOG.debug("Message {} ({}) rejected by profile validation", messageId, record.sessionKey());
            return new RecordOutcome(record.index(), record.line(), messageId, ids.publicId(), record.sessionKey(),
                    MessageStatus.REJECTED, outcome);
        }
        List<String> to = destinations.stream().filter(d -> wants.test(d, record.session())).toList();
        accepted.accepted(messageId, record.sessionKey(), record.session());
        store.accept(messageId, outcome.hasIssue() ? Outcomes.toJson(outcome) : null, judgement.bundleJson(), to);
        return new RecordOutcome(record.index(), record.line(), messageId, ids.publicId(), record.sessionKey(),
                MessageStatus.VALID, outcome);
    }

    /**
     * Finishes intakes stored before {@code before} but not fully judged (the process stopped in
     * between): records never split are split again; records still RECEIVED are judged.
     */
    public int resumeUnprocessed(OffsetDateTime before) {
        int resumed = 0;
        for (long intakeId : store.unprocessedIntakes(before)) {
            MessageStore.StoredIntake intake = store.intake(intakeId).orElseThrow();
            Caller sender = callerOfActor.apply(store.intakeActor(intakeId).orElse(null));
            List<StoredMessage> messages = store.messagesOfIntake(intakeId);
            if (messages.isEmpty()) {
                PayloadFormat format = PayloadFormat.ofContentType(intake.contentType()).orElse(PayloadFormat.JSON);
                process(intakeId, format, intake.contentType(), intake.rawPayload(), sender);
            } else {
                for (StoredMessage message : messages) {
                    if (message.status() == MessageStatus.RECEIVED) {
                        judgeAgain(message, sender);
                    }
                }
                store.markIntakeProcessed(intakeId);
            }
            resumed++;
        }
        if (resumed > 0) {
            LOG.info("Resumed {} intake(s) left unfinished by an earlier run", resumed);
        }
        return resumed;
    }

    private void judgeAgain(StoredMessage message, Caller sender) {
        ReadRecord record;
        try {
            List<ReadRecord> read = pipeline.read(message.rawPayload(), PayloadFormat.JSON);
            ReadRecord first = read.get(0);
            record = new ReadRecord(message.recordIndex(), 0, first.rawText(), first.sessionKey(), first.session(), first.violations());
        } catch (UnreadablePayloadException | IndexOutOfBoundsException e) {
            store.reject(message.id(), Outcomes.toJson(Outcomes.error(IssueType.STRUCTURE, "The record is not readable")));
            return;
        }
        judge(new MessageStore.MessageIds(message.id(), message.publicId()), record, sender);
    }
}
