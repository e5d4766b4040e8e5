package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.junit.jupiter.api.Test;

class PatientMapperTest {
    private final PatientMapper mapper = new PatientMapper();

    @Test
    void mapsIdentifiersNameGenderBirthDateAndAddress() {
        ImsSession session = TestSessions.example();
        Patient patient = mapper.map(session, new BusinessIdentifiers(session));

        assertThat(patient.getMeta().getProfile()).extracting(p -> p.getValue())
                .containsExactly(ImsCanonical.PROFILE_PATIENT); // (fixed: the IMS profile of this resource)
        Identifier clinicId = patient.getIdentifier().get(0);
        assertThat(clinicId.getSystem()).isEqualTo("https://westside-physio.example/pms/patient"); // source.system
        assertThat(clinicId.getValue()).isEqualTo("P-88812"); // patient.id
        Identifier healthNumber = patient.getIdentifier().get(1);
        assertThat(healthNumber.getSystem())
                .isEqualTo("https://ims-fhir-adapter.github.io/ig/sid/health-number/CA-BC"); // patient.healthNumber.issuer
        assertThat(healthNumber.getValue()).isEqualTo("9000000001"); // patient.healthNumber.value
        assertThat(healthNumber.getType().getCodingFirstRep().getCode()).isEqualTo("JHN"); // patient.healthNumber
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Testpatient"); // patient.family
        assertThat(patient.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Anne-Synthetic"); // patient.given
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.FEMALE); // patient.sex
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1979-04-12"); // patient.birthDate
        assertThat(patient.getAddressFirstRep().getPostalCode()).isEqualTo("V0V 0V0"); // patient.postalCode
        assertThat(patient.getAddressFirstRep().getCountry()).isEqualTo("CA"); // jurisdiction
    }

    @Test
    void leavesOutHealthNumberAndAddressWhenAbsent() {
        ImsSession session = TestSessions.example(json -> {
            ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("patient")).remove("healthNumber");
            ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("patient")).remove("postalCode");
        });
        Patient patient = mapper.map(session, new BusinessIdentifiers(session));

        assertThat(patient.getIdentifier()).hasSize(1); // patient.healthNumber absent
        assertThat(patient.getAddress()).isEmpty(); // patient.postalCode absent
    }
}
