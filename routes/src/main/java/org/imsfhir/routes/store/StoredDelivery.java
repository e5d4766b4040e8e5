package org.imsfhir.routes.store;

import java.time.OffsetDateTime;

/** One message's delivery to one destination, as the outbox holds it. */
public record StoredDelivery(
        long id,
        long messageId,
        String destination,
        String sessionKey,
        DeliveryStatus status,
        int attempts,
        OffsetDateTime nextAttemptAt,
        String lastError,
        Integer responseStatus,
        String responseBody,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime deliveredAt,
        String publicId,
        String messagePublicId) {
}
