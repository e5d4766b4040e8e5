package org.imsfhir.routes.claim;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * What the adapter knows of one session's claim at one insurer: the insurer's latest ClaimResponse
 * (outcome, disposition, amounts, errors) or, when the adapter refused to bill, outcome
 * {@code not-billable} with the reasons (field paths) as errors. {@code errors} is a JSON array.
 *
 * <p>When the session was later entered-in-error and the claim cancelled at the insurer, the
 * {@code cancel*} fields hold the insurer's answer to the cancellation (its outcome, disposition,
 * errors, response) and the message that cancelled it; the claim's own adjudication stays as it was.
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
        OffsetDateTime updatedAt,
        Long cancelMessageId,
        String cancelOutcome,
        String cancelDisposition,
        String cancelErrors,
        String cancelResponse,
        OffsetDateTime cancelledAt) {

    /** A claim state without cancellation. */
    public StoredClaim(String sessionKey, String destination, long messageId, String payerId, String claimIdentifier,
                       String serviceCode, String responseId, String outcome, String disposition,
                       BigDecimal submittedAmount, BigDecimal benefitAmount, BigDecimal paymentAmount, String currency,
                       String errors, String response, int polls, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        this(sessionKey, destination, messageId, payerId, claimIdentifier, serviceCode, responseId, outcome, disposition,
                submittedAmount, benefitAmount, paymentAmount, currency, errors, response, polls, createdAt, updatedAt,
                null, null, null, null, null, null);
    }

    public static final String NOT_BILLABLE = "not-billable";
    /**
     * Pseudo-destination of the row kept for a session billed to a payer without insurer
     * configuration (outcome {@link #NOT_BILLABLE}, error on {@code billing.payerId}); no delivery
     * exists for it. Parentheses and a space: never a valid configuration key.
     */
    public static final String NO_INSURER = "(no insurer)";

    /**
     * A claim the insurer has: submitted with its identifier and answered (any outcome but the
     * adapter's own {@code not-billable}). Only such a claim is cancelled.
     */
    public boolean submitted() {
        return claimIdentifier != null && outcome != null && !NOT_BILLABLE.equals(outcome);
    }

    /** The insurer confirmed the cancellation (outcome {@code complete} to the cancelled Claim). */
    public boolean cancelled() {
        return "complete".equals(cancelOutcome);
    }

    /** Queued or partial: the insurer has not finished; the adapter reads the response again later. */
    public boolean pending() {
        return "queued".equals(outcome) || "partial".equals(outcome);
    }
}
