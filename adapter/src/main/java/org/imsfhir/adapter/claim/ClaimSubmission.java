package org.imsfhir.adapter.claim;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;

/**
 * What {@link ClaimBundleBuilder} gives for one billable session: the Bundle to POST to
 * {@code [base]/Claim/$submit}, the claim's business identifier (the idempotency key) and the
 * service code chosen.
 */
public record ClaimSubmission(Bundle bundle, Identifier claimIdentifier, ServiceCode serviceCode, PayerConfig payer) {

    /** {@code system|value} of the claim identifier. */
    public String claimKey() {
        return claimIdentifier.getSystem() + "|" + claimIdentifier.getValue();
    }
}
