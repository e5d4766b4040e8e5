package org.imsfhir.adapter.claim;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;

/**
 * What {@link ClaimBundleBuilder} gives for one billable session: the Bundle to POST to
 * {@code [base]/Claim/$submit}, the claim's business identifier (the idempotency key) and the
 * service code chosen. A cancellation ({@link ClaimBundleBuilder#cancellation}) has the same shape
 * with {@code Claim.status = cancelled}.
 */
public record ClaimSubmission(Bundle bundle, Identifier claimIdentifier, ServiceCode serviceCode, PayerConfig payer) {

    /** The Claim, the bundle's first entry. */
    public org.hl7.fhir.r4.model.Claim claim() {
        return (org.hl7.fhir.r4.model.Claim) bundle.getEntryFirstRep().getResource();
    }

    /** Whether this is the cancellation of a claim submitted earlier (Claim.status cancelled). */
    public boolean cancellation() {
        return claim().getStatus() == org.hl7.fhir.r4.model.Claim.ClaimStatus.CANCELLED;
    }

    /** {@code system|value} of the claim identifier. */
    public String claimKey() {
        return claimIdentifier.getSystem() + "|" + claimIdentifier.getValue();
    }
}
