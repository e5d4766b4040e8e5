package org.imsfhir.routes.store;

import java.time.OffsetDateTime;

/**
 * A claimed delivery ready for an attempt: what to send where, and the lease of this claim (the
 * node that holds it and the token of the claim). Only the holder of this very claim can record the
 * attempt's outcome ({@link OutboxStore}). With the intake it came in and when its record was
 * received (for the log context and the delivery latency; 0 and null when unknown).
 */
public record DeliveryTask(long deliveryId, long messageId, String destination, String sessionKey, int attempts, String bundle,
                           String leaseOwner, String leaseToken, long intakeId, OffsetDateTime receivedAt) {

    /** A claim without intake context (tests). */
    public DeliveryTask(long deliveryId, long messageId, String destination, String sessionKey, int attempts, String bundle,
                        String leaseOwner, String leaseToken) {
        this(deliveryId, messageId, destination, sessionKey, attempts, bundle, leaseOwner, leaseToken, 0, null);
    }

    /** A task outside any claim (senders' tests). */
    public DeliveryTask(long deliveryId, long messageId, String destination, String sessionKey, int attempts, String bundle) {
        this(deliveryId, messageId, destination, sessionKey, attempts, bundle, null, null, 0, null);
    }
}
