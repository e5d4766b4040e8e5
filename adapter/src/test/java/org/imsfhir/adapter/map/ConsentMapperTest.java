package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ConsentState;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.junit.jupiter.api.Test;

class ConsentMapperTest {
    private final ConsentMapper mapper = new ConsentMapper();

    @Test
    void signedByPatient() {
        ImsSession session = TestSessions.example();
        BusinessIdentifiers ids = new BusinessIdentifiers(session);
        Consent c = mapper.map(session, ids);

        assertThat(c.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_CONSENT); // (fixed: the IMS profile of this resource)
        assertThat(c.getIdentifierFirstRep().getValue()).isEqualTo("S-2026-000123/consent"); // sessionId
        assertThat(c.getStatus()).isEqualTo(ConsentState.ACTIVE); // status
        assertThat(c.getScope().getCodingFirstRep().getCode()).isEqualTo("treatment"); // consent
        assertThat(c.getScope().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/consentscope"); // consent
        assertThat(c.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("59284-0"); // consent
        assertThat(c.getPatient().getReference()).isEqualTo(ids.patient().fullUrl()); // patient.id
        assertThat(c.getDateTimeElement().getValueAsString()).isEqualTo("2026-10-19"); // consent.date
        assertThat(c.getPerformerFirstRep().getReference()).isEqualTo(ids.patient().fullUrl()); // consent.signedBy = patient
        assertThat(c.getOrganizationFirstRep().getReference()).isEqualTo(ids.organization().fullUrl()); // source.clinicId
        assertThat(c.getPolicyFirstRep().getUri())
                .isEqualTo("https://westside-physio.example/pms/consent-policy/needling"); // source.system
        assertThat(c.getProvision().getType()).isEqualTo(ConsentProvisionType.PERMIT); // consent
        assertThat(c.getProvision().getCodeFirstRep().getCodingFirstRep().getCode())
                .isEqualTo(ImsCanonical.SNOMED_DRY_NEEDLING); // consent (to needling)
    }

    @Test
    void signedByGuardian() {
        ImsSession session = TestSessions.example(json -> ((ObjectNode) json.get("consent")).put("signedBy", "guardian"));
        Consent c = mapper.map(session, new BusinessIdentifiers(session));
        assertThat(c.getPerformerFirstRep().hasReference()).isFalse(); // consent.signedBy = guardian
        assertThat(c.getPerformerFirstRep().getDisplay()).isEqualTo("guardian"); // consent.signedBy
    }

    @Test
    void retraction() {
        ImsSession session = TestSessions.example(json -> json.put("status", "entered-in-error"));
        assertThat(mapper.map(session, new BusinessIdentifiers(session)).getStatus())
                .isEqualTo(ConsentState.ENTEREDINERROR); // status
    }
}
