package org.imsfhir.routes.claim;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * What the adapter knows of one session's claim at one insurer: the insurer's latest ClaimResponse
 * (outcome, disposition, amounts, errors) or, when the adapter refused to bill, outcome
 * {@code not-billable} with the reasons (field paths) as errors. {@code errors} is a JSON array.
 */
public record StoredClaim(
        String sessionKey,
        String destination,
        long messageId,
        String payerId,
        String claimIdentifier,
        String serviceCode,
        String responseId,
        String outcome,
        String disposition,
        BigDecimal submittedAmount,
        BigDecimal benefitAmount,
        BigDecimal paymentAmount,
        String currency,
        String errors,
        String response,
        int polls,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final String NOT_BILLABLE = "not-billable";
    /**
     * Pseudo-destination of the row kept for a session billed to a payer without insurer
     * configuration (outcome {@link #NOT_BILLABLE}, error on {@code billing.payerId}); no delivery
     * exists for it. Parentheses and a space: never a valid configuration key.
     */
    public static final String NO_INSURER = "(no insurer)";

    /** Queued or partial: the insurer has not finished; the adapter reads the response again later. */
    public boolean pending() {
        return "queued".equals(outcome) || "partial".equals(outcome);
    }
}
