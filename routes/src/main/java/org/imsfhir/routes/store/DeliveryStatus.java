package org.imsfhir.routes.store;

/** Where one message's delivery to one destination stands. */
public enum DeliveryStatus {
    /** Waiting for its (next) attempt. */
    PENDING,
    /** The destination acknowledged it. */
    DELIVERED,
    /** Given up: refused by the destination, or out of attempts. Replayable. */
    DEAD
}
