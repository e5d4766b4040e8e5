package org.imsfhir.routes.store;

import java.time.OffsetDateTime;

/** One state change, as the audit trail keeps it. {@code deliveryId} is null for message changes. */
public record AuditEntry(long id, long messageId, Long deliveryId, String destination,
                         String fromStatus, String toStatus, String detail, OffsetDateTime at, String actor) {
}
