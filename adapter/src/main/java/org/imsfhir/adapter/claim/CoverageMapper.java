package org.imsfhir.adapter.claim;

import org.hl7.fhir.r4.model.Coverage;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.map.BusinessIdentifiers;
import org.imsfhir.adapter.record.ImsSession;

/** {@code billing.memberId} to the patient's Coverage with the payer (ims-coverage). */
public final class CoverageMapper {

    public Coverage map(ImsSession session, BusinessIdentifiers ids, ClaimIdentifiers claimIds) {
        Coverage coverage = new Coverage();
        coverage.getMeta().addProfile(ImsCanonical.PROFILE_COVERAGE);
        coverage.addIdentifier(claimIds.coverage().toIdentifier()); // billing.memberId in the payer's namespace
        coverage.setStatus(Coverage.CoverageStatus.ACTIVE);
        coverage.setSubscriberId(session.billing().memberId());
        coverage.setBeneficiary(ids.patient().reference());
        coverage.addPayor(claimIds.insurer().reference());
        return coverage;
    }
}
