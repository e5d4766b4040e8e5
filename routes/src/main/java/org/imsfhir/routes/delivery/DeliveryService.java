package org.imsfhir.routes.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.metrics.DeliveryMetrics;
import org.imsfhir.routes.metrics.DeliveryMetrics.Outcome;
import org.imsfhir.routes.store.DeliveryTask;
import org.imsfhir.routes.store.OutboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery attempt at a time: claims due deliveries from the outbox, sends each to its
 * destination and records the verdict. Retryable failures wait with exponential backoff (or the
 * receiver's Retry-After when longer) until the destination's attempts run out; refusals are DEAD
 * at once with the receiver's reasons.
 */
public class DeliveryService {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryService.class);

    private final OutboxStore store;
    private final Map<String, DestinationSender> senders;
    private final Map<String, ImsProperties.Retry> retries;
    private final ImsProperties.Delivery settings;
    private final String nodeId;
    private final DeliveryMetrics metrics;

    /**
     * @param nodeId this node's id (the owner of its leases)
     * @throws IllegalStateException when the lease is too short for a destination ({@link LeaseBudget})
     */
    public DeliveryService(OutboxStore store, Map<String, DestinationSender> senders,
                           Map<String, ImsProperties.Retry> retries, ImsProperties.Delivery settings, String nodeId) {
        this(store, senders, retries, settings, nodeId, DeliveryMetrics.none());
    }

    /** @param metrics counts each attempt's outcome and the latency of each DELIVERED one */
    public DeliveryService(OutboxStore store, Map<String, DestinationSender> senders,
                           Map<String, ImsProperties.Retry> retries, ImsProperties.Delivery settings, String nodeId,
                           DeliveryMetrics metrics) {
        LeaseBudget.check(settings.lease(), senders);
        this.metrics = metrics;
        this.store = store;
        this.senders = Map.copyOf(senders);
        this.retries = Map.copyOf(retries);
        this.settings = settings;
        this.nodeId = nodeId;
    }

    /** Gives back this node's leases: at a graceful shutdown, once no attempt is in flight any more. */
    public int releaseOwnLeases() {
        return store.releaseLeases(nodeId);
    }

    /** Claims the next due deliveries for this node (oldest first, per-session order kept). */
    public List<DeliveryTask> claim() {
        return store.claimDue(settings.batchSize(), nodeId, settings.lease());
    }

    /** One attempt: send, then record DELIVERED, a retry time, or DEAD. */
    public void attempt(DeliveryTask task) {
        DestinationSender sender = senders.get(task.destination());
        if (sender == null) {
            if (store.markDead(task, "destination '" + task.destination() + "' is not configured", null, null)) {
                LOG.warn("Delivery {} of {}: destination {} not configured, DEAD", task.deliveryId(), task.sessionKey(),
                        task.destination());
                metrics.attempted(task.destination(), Outcome.DEAD, null);
            }
            return;
        }
        SendResult result = sender.send(task);
        int attempt = task.attempts() + 1;
        switch (result.verdict()) {
            case DELIVERED -> {
                if (store.markDelivered(task, result.httpStatus() == null ? 0 : result.httpStatus(), result.responseBody())) {
                    LOG.debug("Delivered {} to {} (delivery {}, attempt {})", task.sessionKey(), task.destination(),
                            task.deliveryId(), attempt);
                    metrics.attempted(task.destination(), Outcome.DELIVERED, task.receivedAt());
                }
            }
            case REFUSED -> {
                if (store.markDead(task, result.error(), result.httpStatus(), result.responseBody())) {
                    LOG.warn("Delivery {} of {} to {} refused (HTTP {}): DEAD", task.deliveryId(), task.sessionKey(),
                            task.destination(), result.httpStatus());
                    metrics.attempted(task.destination(), Outcome.DEAD, null);
                }
            }
            case RETRY -> retryOrGiveUp(task, result, attempt);
        }
    }

    private void retryOrGiveUp(DeliveryTask task, SendResult result, int attempt) {
        ImsProperties.Retry retry = retries.get(task.destination());
        if (attempt >= retry.maxAttempts()) {
            if (store.markDead(task, "gave up after " + attempt + " attempts; last: " + result.error(),
                    result.httpStatus(), result.responseBody())) {
                LOG.warn("Delivery {} of {} to {}: gave up after {} attempts (HTTP {}): DEAD", task.deliveryId(),
                        task.sessionKey(), task.destination(), attempt, result.httpStatus());
                metrics.attempted(task.destination(), Outcome.DEAD, null);
            }
            return;
        }
        Duration wait = retry.backoff(attempt);
        if (result.retryAfter() != null) {
            Duration asked = result.retryAfter().compareTo(retry.maxRetryAfter()) > 0 ? retry.maxRetryAfter() : result.retryAfter();
            if (asked.compareTo(wait) > 0) {
                wait = asked;
            }
        }
        if (store.scheduleRetry(task, result.error(), result.httpStatus(), result.responseBody(), wait)) {
            LOG.info("Delivery {} of {} to {}: attempt {} failed (HTTP {}), next in {} ms", task.deliveryId(),
                    task.sessionKey(), task.destination(), attempt, result.httpStatus(), wait.toMillis());
            metrics.attempted(task.destination(), Outcome.RETRY, null);
        }
    }
}
