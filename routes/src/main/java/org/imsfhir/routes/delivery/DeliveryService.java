package org.imsfhir.routes.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.metrics.DeliveryMetrics;
import org.imsfhir.routes.metrics.DeliveryMetrics.Outcome;
import org.imsfhir.routes.store.DeliveryTask;
import org.imsfhir.routes.store.MessageStore;
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

    private final MessageStore store;
    private final Map<String, DestinationSender> senders;
    private final Map<String, ImsProperties.Retry> retries;
    private final ImsProperties.Delivery settings;
    private final Clock clock;
    private final DeliveryMetrics metrics;

    public DeliveryService(MessageStore store, Map<String, DestinationSender> senders,
                           Map<String, ImsProperties.Retry> retries, ImsProperties.Delivery settings, Clock clock) {
        this(store, senders, retries, settings, clock, DeliveryMetrics.none());
    }

    /** @param metrics counts each attempt's outcome and the latency of each DELIVERED one */
    public DeliveryService(MessageStore store, Map<String, DestinationSender> senders,
                           Map<String, ImsProperties.Retry> retries, ImsProperties.Delivery settings, Clock clock,
                           DeliveryMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.senders = Map.copyOf(senders);
        this.retries = Map.copyOf(retries);
        this.settings = settings;
        this.clock = clock;
    }

    /** Frees what an earlier run of this node held (called once at start-up). */
    public int releaseOwnLeases() {
        return store.releaseLeases(settings.nodeId());
    }

    /** Claims the next due deliveries (oldest first, per-session order kept). */
    public List<DeliveryTask> claim() {
        return store.claimDue(settings.batchSize(), settings.nodeId(), settings.lease());
    }

    /** One attempt: send, then record DELIVERED, a retry time, or DEAD. */
    public void attempt(DeliveryTask task) {
        DestinationSender sender = senders.get(task.destination());
        if (sender == null) {
            store.markDead(task.deliveryId(), "destination '" + task.destination() + "' is not configured", null, null);
            metrics.attempted(task.destination(), Outcome.DEAD, null);
            LOG.warn("Delivery {} of {}: destination {} not configured, DEAD", task.deliveryId(), task.sessionKey(),
                    task.destination());
            return;
        }
        SendResult result = sender.send(task);
        int attempt = task.attempts() + 1;
        switch (result.verdict()) {
            case DELIVERED -> {
                store.markDelivered(task.deliveryId(), result.httpStatus() == null ? 0 : result.httpStatus(), result.responseBody());
                metrics.attempted(task.destination(), Outcome.DELIVERED, task.receivedAt());
                LOG.debug("Delivered {} to {} (delivery {}, attempt {})", task.sessionKey(), task.destination(),
                        task.deliveryId(), attempt);
            }
            case REFUSED -> {
                store.markDead(task.deliveryId(), result.error(), result.httpStatus(), result.responseBody());
                metrics.attempted(task.destination(), Outcome.DEAD, null);
                LOG.warn("Delivery {} of {} to {} refused (HTTP {}): DEAD", task.deliveryId(), task.sessionKey(),
                        task.destination(), result.httpStatus());
            }
            case RETRY -> retryOrGiveUp(task, result, attempt);
        }
    }

    private void retryOrGiveUp(DeliveryTask task, SendResult result, int attempt) {
        ImsProperties.Retry retry = retries.get(task.destination());
        if (attempt >= retry.maxAttempts()) {
            store.markDead(task.deliveryId(), "gave up after " + attempt + " attempts; last: " + result.error(),
                    result.httpStatus(), result.responseBody());
            metrics.attempted(task.destination(), Outcome.DEAD, null);
            LOG.warn("Delivery {} of {} to {}: gave up after {} attempts (HTTP {}): DEAD", task.deliveryId(),
                    task.sessionKey(), task.destination(), attempt, result.httpStatus());
            return;
        }
        Duration wait = retry.backoff(attempt);
        if (result.retryAfter() != null) {
            Duration asked = result.retryAfter().compareTo(retry.maxRetryAfter()) > 0 ? retry.maxRetryAfter() : result.retryAfter();
            if (asked.compareTo(wait) > 0) {
                wait = asked;
            }
        }
        store.scheduleRetry(task.deliveryId(), result.error(), result.httpStatus(), result.responseBody(),
                OffsetDateTime.now(clock).plus(wait));
        metrics.attempted(task.destination(), Outcome.RETRY, null);
        LOG.info("Delivery {} of {} to {}: attempt {} failed (HTTP {}), next in {} ms", task.deliveryId(),
                task.sessionKey(), task.destination(), attempt, result.httpStatus(), wait.toMillis());
    }
}
