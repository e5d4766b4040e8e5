package org.imsfhir.routes.store;

import java.time.OffsetDateTime;

/** A record as the store holds it. */
public record StoredMessage(
        long id,
        long intakeId,
        int recordIndex,
        String sessionKey,
        String contentType,
        String rawPayload,
        MessageStatus status,
        String outcome,
        String bundle,
        OffsetDateTime receivedAt,
        OffsetDateTime updatedAt,
        String publicId) {
}
