package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EncounterMapperTest {
    private final EncounterMapper mapper = new EncounterMapper();

    @Test
    void mapsVisit() {
        ImsSession session = TestSessions.example();
        BusinessIdentifiers ids = new BusinessIdentifiers(session);
        Encounter e = mapper.map(session, ids);

        assertThat(e.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_ENCOUNTER); // (fixed: the IMS profile of this resource)
        assertThat(e.getIdentifierFirstRep().getSystem())
                .isEqualTo("https://westside-physio.example/pms/session"); // source.system
        assertThat(e.getIdentifierFirstRep().getValue()).isEqualTo("S-2026-000123"); // sessionId
        assertThat(e.getStatus()).isEqualTo(EncounterStatus.FINISHED); // status
        assertThat(e.getClass_().getCode()).isEqualTo("AMB"); // (fixed: outpatient visit)
        assertThat(e.getClass_().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ActCode"); // (fixed)
        assertThat(e.getSubject().getReference()).isEqualTo(ids.patient().fullUrl()); // patient.id
        assertThat(e.getParticipantFirstRep().getIndividual().getReference())
                .isEqualTo(ids.practitionerRole().fullUrl()); // practitioner.id
        assertThat(e.getServiceProvider().getReference()).isEqualTo(ids.organization().fullUrl()); // source.clinicId
        assertThat(e.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-02T10:00:00-08:00"); // start
        assertThat(e.getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-11-02T10:25:00-08:00"); // end
    }

    @ParameterizedTest
    @CsvSource({"completed, FINISHED", "not-done, CANCELLED", "entered-in-error, ENTEREDINERROR"})
    void statusFollowsSessionStatus(String status, EncounterStatus expected) {
        ImsSession session = TestSessions.example(json -> json.put("status", status));
        assertThat(mapper.map(session, new BusinessIdentifiers(session)).getStatus()).isEqualTo(expected); // status
    }

    @Test
    void openPeriodWithoutEnd() {
        ImsSession session = TestSessions.example(json -> json.remove("end"));
        Encounter e = mapper.map(session, new BusinessIdentifiers(session));
        assertThat(e.getPeriod().hasEnd()).isFalse(); // end absent
    }
}
