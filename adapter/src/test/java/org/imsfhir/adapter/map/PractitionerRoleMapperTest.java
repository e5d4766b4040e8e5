package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.PractitionerRole;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.junit.jupiter.api.Test;

class PractitionerRoleMapperTest {

    @Test
    void linksPractitionerAndClinic() {
        ImsSession session = TestSessions.example();
        BusinessIdentifiers ids = new BusinessIdentifiers(session);
        PractitionerRole role = new PractitionerRoleMapper().map(session, ids);

        assertThat(role.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_PRACTITIONER_ROLE); // (fixed: the IMS profile of this resource)
        assertThat(role.getIdentifierFirstRep().getSystem())
                .isEqualTo("https://westside-physio.example/pms/practitioner-role"); // source.system
        assertThat(role.getIdentifierFirstRep().getValue()).isEqualTo("PT-17"); // practitioner.id
        assertThat(role.getPractitioner().getReference()).isEqualTo(ids.practitioner().fullUrl()); // practitioner.id
        assertThat(role.getOrganization().getReference()).isEqualTo(ids.organization().fullUrl()); // source.clinicId
        assertThat(role.getCodeFirstRep().getText()).isEqualTo("Physiotherapist"); // (fixed: IMS is performed by physiotherapists)
    }
}
