package org.imsfhir.routes.delivery;

import org.imsfhir.routes.store.DeliveryTask;

/** Accepts and drops every bundle: measures the pipeline without a receiver (benchmarks). */
public class NoopSender implements DestinationSender {

    @Override
    public SendResult send(DeliveryTask task) {
        return SendResult.delivered(null, null);
    }
}
