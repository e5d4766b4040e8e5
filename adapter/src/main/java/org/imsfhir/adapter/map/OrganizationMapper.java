package org.imsfhir.adapter.map;

import org.hl7.fhir.r4.model.Organization;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;

/** {@code source.clinicId} to Organization (ims-clinic); the record carries no clinic name, so the id serves. */
public final class OrganizationMapper {

    public Organization map(ImsSession session, BusinessIdentifiers ids) {
        Organization org = new Organization();
        org.getMeta().addProfile(ImsCanonical.PROFILE_ORGANIZATION);
        org.addIdentifier(ids.organization().toIdentifier());
        org.setActive(true);
        org.setName(session.source().clinicId());
        return org;
    }
}
