package org.imsfhir.routes.store;

/**
 * A claimed delivery ready for an attempt: what to send where, and the lease of this claim (the
 * node that holds it and the token of the claim). Only the holder of this very claim can record the
 * attempt's outcome ({@link OutboxStore}).
 */
public record DeliveryTask(long deliveryId, long messageId, String destination, String sessionKey, int attempts, String bundle,
                           String leaseOwner, String leaseToken) {
}
