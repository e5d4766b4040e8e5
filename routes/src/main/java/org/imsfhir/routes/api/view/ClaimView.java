package org.imsfhir.routes.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * A session's claim to one insurer in {@code GET /ims/sessions/{id}}: what was billed, the
 * ClaimResponse's outcome, disposition and amounts, the message it was made from, and its
 * cancellation when the session was entered in error.
 */
public record ClaimView(
        String destination,
        String payerId,
        String claimIdentifier,
        String serviceCode,
        String outcome,
        String disposition,
        String responseId,
        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal submitted,
        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal benefit,
        @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal payment,
        String currency,
        int polls,
        String forMessageId,
        JsonNode errors,
        boolean cancelled,
        @JsonInclude(JsonInclude.Include.NON_NULL) Cancellation cancellation,
        String updatedAt) {

    /** The claim's cancellation: the insurer's answer to it. */
    public record Cancellation(String outcome, String disposition, String forMessageId, String cancelledAt,
                               JsonNode errors) {
    }
}
