package org.imsfhir.adapter.claim;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.codesystems.OrganizationType;
import org.imsfhir.adapter.fhir.ImsCanonical;

/** The payer's configuration to an insurer Organization (ims-insurer). */
public final class InsurerMapper {

    public Organization map(PayerConfig payer, ClaimIdentifiers ids) {
        Organization org = new Organization();
        org.getMeta().addProfile(ImsCanonical.PROFILE_INSURER);
        org.addIdentifier(ids.insurer().toIdentifier());
        org.setActive(true);
        org.setName(payer.name());
        org.addType(new CodeableConcept(new Coding(OrganizationType.INS.getSystem(), OrganizationType.INS.toCode(),
                OrganizationType.INS.getDisplay())));
        return org;
    }
}
