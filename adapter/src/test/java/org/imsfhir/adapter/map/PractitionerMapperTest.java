package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Practitioner.PractitionerQualificationComponent;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.terminology.Terminology;
import org.junit.jupiter.api.Test;

class PractitionerMapperTest {
    private final PractitionerMapper mapper = new PractitionerMapper(Terminology.standard());

    @Test
    void mapsIdentifiersNameLicenceAndCertification() {
        ImsSession session = TestSessions.example();
        Practitioner p = mapper.map(session, new BusinessIdentifiers(session));

        assertThat(p.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_PRACTITIONER); // (fixed: the IMS profile of this resource)
        assertThat(p.getIdentifier().get(0).getSystem())
                .isEqualTo("https://westside-physio.example/pms/practitioner"); // source.system
        assertThat(p.getIdentifier().get(0).getValue()).isEqualTo("PT-17"); // practitioner.id
        assertThat(p.getIdentifier().get(1).getSystem())
                .isEqualTo("https://ims-fhir-adapter.github.io/ig/sid/licence/CA-BC"); // practitioner.licence.issuer
        assertThat(p.getIdentifier().get(1).getValue()).isEqualTo("PT01234"); // practitioner.licence.number
        assertThat(p.getNameFirstRep().getFamily()).isEqualTo("Testpractitioner"); // practitioner.family
        assertThat(p.getNameFirstRep().getGivenAsSingleString()).isEqualTo("Daniel-Synthetic"); // practitioner.given

        PractitionerQualificationComponent licence = p.getQualification().get(0);
        assertThat(licence.getCode().getCodingFirstRep().getSystem()).isEqualTo(ImsCanonical.CS_QUALIFICATION); // practitioner.licence
        assertThat(licence.getCode().getCodingFirstRep().getCode()).isEqualTo("professional-licence"); // practitioner.licence
        assertThat(licence.getIdentifierFirstRep().getValue()).isEqualTo("PT01234"); // practitioner.licence.number
        assertThat(licence.getIssuer().getDisplay()).isEqualTo("CA-BC"); // practitioner.licence.issuer

        assertThat(p.getQualification().get(1).getCode().getCodingFirstRep().getCode())
                .isEqualTo("gunn-ims-certified"); // practitioner.imsCertified
    }

    @Test
    void noCertificationQualificationWhenNotCertified() {
        ImsSession session = TestSessions.example(json ->
                ((ObjectNode) json.get("practitioner")).put("imsCertified", false));
        Practitioner p = mapper.map(session, new BusinessIdentifiers(session));

        assertThat(p.getQualification()).hasSize(1); // practitioner.imsCertified = false
        assertThat(p.getQualificationFirstRep().getCode().getCodingFirstRep().getCode())
                .isEqualTo("professional-licence"); // practitioner.licence
    }
}
