package org.imsfhir.adapter.map;

import org.hl7.fhir.r4.model.PractitionerRole;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;

/** The practitioner's role at the clinic (ims-practitioner-role): who performed the session, for whom. */
public final class PractitionerRoleMapper {
    static final String ROLE_TEXT = "Physiotherapist";

    public PractitionerRole map(ImsSession session, BusinessIdentifiers ids) {
        PractitionerRole role = new PractitionerRole();
        role.getMeta().addProfile(ImsCanonical.PROFILE_PRACTITIONER_ROLE);
        role.addIdentifier(ids.practitionerRole().toIdentifier());
        role.setPractitioner(ids.practitioner().reference());
        role.setOrganization(ids.organization().reference());
        role.addCode().setText(ROLE_TEXT);
        return role;
    }
}
