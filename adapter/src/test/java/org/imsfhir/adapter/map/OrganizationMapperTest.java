package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Organization;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.junit.jupiter.api.Test;

class OrganizationMapperTest {

    @Test
    void clinicIdIsIdentifierAndName() {
        ImsSession session = TestSessions.example();
        Organization org = new OrganizationMapper().map(session, new BusinessIdentifiers(session));

        assertThat(org.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_ORGANIZATION); // (fixed: the IMS profile of this resource)
        assertThat(org.getIdentifierFirstRep().getSystem())
                .isEqualTo("https://westside-physio.example/pms/clinic"); // source.system
        assertThat(org.getIdentifierFirstRep().getValue()).isEqualTo("westside"); // source.clinicId
        assertThat(org.getName()).isEqualTo("westside"); // source.clinicId
        assertThat(org.getActive()).isTrue(); // (fixed)
    }
}
