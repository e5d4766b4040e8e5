package org.imsfhir.routes.store;

/** A claimed delivery ready for an attempt: what to send where. */
public record DeliveryTask(long deliveryId, long messageId, String destination, String sessionKey, int attempts, String bundle) {
}
