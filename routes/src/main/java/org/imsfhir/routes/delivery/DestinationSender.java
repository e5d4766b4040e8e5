package org.imsfhir.routes.delivery;

import org.imsfhir.routes.store.DeliveryTask;

/** Sends one session's bundle to one destination. Never throws for receiver or network trouble: it answers with a verdict. */
public interface DestinationSender {

    SendResult send(DeliveryTask task);

    /**
     * The longest one {@link #send} may take at its timeouts; the delivery lease must outlast it
     * ({@link LeaseBudget}). Zero for senders without network waits.
     */
    default java.time.Duration longestAttempt() {
        return java.time.Duration.ZERO;
    }
}
