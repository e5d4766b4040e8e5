package org.imsfhir.routes.poison;

import java.util.Map;
import java.util.function.Consumer;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.logs.RecordMdc;
import org.imsfhir.routes.store.DeliveryTask;
import org.imsfhir.routes.store.OutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbox attempt with its failure confined to its delivery: an attempt that breaks off with an
 * internal error (a sender or store bug, a stored row the sender cannot handle, e.g. a claim whose
 * values exceed a column) is counted, and its delivery rescheduled with the destination's backoff
 * (DEAD with the reason once the attempts run out) instead of holding its lease until it runs out
 * and failing again forever. The other deliveries of the poll go on either way.
 */
public class OutboxGuard {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxGuard.class);

    private final Consumer<DeliveryTask> attempt;
    private final OutboxStore store;
    private final Map<String, ImsProperties.Retry> retries;
    private final PoisonRecords poison;

    /** @param attempt one delivery attempt (DeliveryService::attempt) */
    public OutboxGuard(Consumer<DeliveryTask> attempt, OutboxStore store, Map<String, ImsProperties.Retry> retries,
                       PoisonRecords poison) {
        this.attempt = attempt;
        this.store = store;
        this.retries = Map.copyOf(retries);
        this.poison = poison;
    }

    /** One attempt, with the delivery's ids in the log context ({@link RecordMdc}). */
    public void attempt(DeliveryTask task) {
        try (RecordMdc mdc = RecordMdc.delivery(task.intakeId(), task.messageId(), task.deliveryId(), task.destination())) {
            guarded(task);
        }
    }

    private void guarded(DeliveryTask task) {
        try {
            attempt.accept(task);
        } catch (RuntimeException | StackOverflowError e) {
            if (PoisonRecords.transientFailure(e)) {
                // The store is away: nothing can be recorded now; the lease runs out and the delivery is tried again.
                LOG.warn("Delivery {} ({}): the message store failed ({}); tried again when its lease runs out",
                        task.deliveryId(), task.sessionKey(), e.getClass().getName());
                return;
            }
            setAside(task, e);
        }
    }

    private void setAside(DeliveryTask task, Throwable cause) {
        String reason = "internal error during the attempt (" + PoisonRecords.describe(cause) + ")";
        ImsProperties.Retry retry = retries.get(task.destination());
        int attempts = task.attempts() + 1;
        String item = "delivery " + task.deliveryId() + " (" + task.sessionKey() + ") to " + task.destination();
        try {
            if (retry == null || attempts >= retry.maxAttempts()) {
                if (store.markDead(task, "gave up after " + attempts + " attempts; last: " + reason, null, null)) {
                    poison.setAside(PoisonStage.DELIVERY, item, "DEAD after " + attempts + " attempt(s) with the reason", cause);
                }
            } else if (store.scheduleRetry(task, reason, null, null, retry.backoff(attempts))) {
                poison.setAside(PoisonStage.DELIVERY, item, "attempt " + attempts + " broke off; retried later", cause);
            }
        } catch (RuntimeException again) {
            // E.g. the attempt had already recorded its verdict: nothing left to do for this delivery.
            LOG.warn("Delivery {} ({}): the attempt broke off ({}) and could not be recorded ({})", task.deliveryId(),
                    task.sessionKey(), cause.getClass().getName(), again.getClass().getName());
        }
    }
}
