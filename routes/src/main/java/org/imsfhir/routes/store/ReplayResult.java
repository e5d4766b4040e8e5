package org.imsfhir.routes.store;

/** What a replay request did to one delivery. */
public record ReplayResult(long deliveryId, Outcome outcome, DeliveryStatus status) {

    public enum Outcome {
        /** It was DEAD and is PENDING again. */
        REPLAYED,
        /** It was not DEAD (already pending or delivered): nothing to do; replay is idempotent. */
        UNCHANGED,
        /** A later version of the same session for the same destination is pending or delivered: resending this one would overtake it. */
        SUPERSEDED,
        /** No such delivery. */
        NOT_FOUND
    }
}
