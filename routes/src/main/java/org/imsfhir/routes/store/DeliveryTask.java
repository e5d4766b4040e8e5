package org.imsfhir.routes.store;

import java.time.OffsetDateTime;

/**
 * A claimed delivery ready for an attempt: what to send where; with the intake it came in and when
 * its record was received (for the log context and the delivery latency; 0 and null when unknown).
 */
public record DeliveryTask(long deliveryId, long messageId, String destination, String sessionKey, int attempts, String bundle,
                           long intakeId, OffsetDateTime receivedAt) {

    public DeliveryTask(long deliveryId, long messageId, String destination, String sessionKey, int attempts, String bundle) {
        this(deliveryId, messageId, destination, sessionKey, attempts, bundle, 0, null);
    }
}
