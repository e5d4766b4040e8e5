package org.imsfhir.routes.delivery;

import org.imsfhir.routes.store.DeliveryTask;

/** Sends one session's bundle to one destination. Never throws for receiver or network trouble: it answers with a verdict. */
public interface DestinationSender {

    SendResult send(DeliveryTask task);
}
