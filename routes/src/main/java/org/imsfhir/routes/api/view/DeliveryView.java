package org.imsfhir.routes.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A delivery of a session to one destination, as {@code GET /ims/deliveries} and the session view show it. */
public record DeliveryView(
        String id,
        String messageId,
        String destination,
        String sessionKey,
        String status,
        int attempts,
        @JsonInclude(JsonInclude.Include.NON_NULL) String nextAttemptAt,
        String lastError,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer responseStatus,
        @JsonInclude(JsonInclude.Include.NON_NULL) String createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String deliveredAt) {
}
