package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.terminology.Terminology;
import org.junit.jupiter.api.Test;

class ConditionMapperTest {
    private final ConditionMapper mapper = new ConditionMapper(Terminology.standard());

    @Test
    void mapsDiagnosis() {
        ImsSession session = TestSessions.example();
        BusinessIdentifiers ids = new BusinessIdentifiers(session);
        Condition c = mapper.map(session, 0, ids);

        assertThat(c.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_CONDITION); // (fixed: the IMS profile of this resource)
        assertThat(c.getIdentifierFirstRep().getSystem())
                .isEqualTo("https://westside-physio.example/pms/session"); // source.system
        assertThat(c.getIdentifierFirstRep().getValue())
                .isEqualTo("S-2026-000123/diagnosis/icd-10-ca/M54.16"); // sessionId, diagnoses[0].system, diagnoses[0].code
        assertThat(c.getClinicalStatus().getCodingFirstRep().getCode()).isEqualTo("active"); // status
        assertThat(c.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("confirmed"); // status
        assertThat(c.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("encounter-diagnosis"); // (fixed)
        assertThat(c.getCode().getCodingFirstRep().getSystem())
                .isEqualTo("http://hl7.org/fhir/sid/icd-10-ca"); // diagnoses[0].system
        assertThat(c.getCode().getCodingFirstRep().getCode()).isEqualTo("M54.16"); // diagnoses[0].code
        assertThat(c.getCode().getText()).isEqualTo("Radiculopathy, lumbar region"); // diagnoses[0].text
        assertThat(c.getOnsetDateTimeType().getValueAsString()).isEqualTo("2026-08-01"); // diagnoses[0].onset
        assertThat(c.getSubject().getReference()).isEqualTo(ids.patient().fullUrl()); // patient.id
        assertThat(c.getEncounter().getReference()).isEqualTo(ids.encounter().fullUrl()); // sessionId

        CodeableConcept site = c.getBodySiteFirstRep();
        assertThat(site.getText()).isEqualTo("left L5"); // diagnoses[0].side, diagnoses[0].spinalLevels
        Extension laterality = site.getExtensionByUrl(ImsCanonical.EXT_LATERALITY);
        assertThat(((CodeableConcept) laterality.getValue()).getCodingFirstRep().getCode())
                .isEqualTo(ImsCanonical.SNOMED_LEFT); // diagnoses[0].side
        Coding level = (Coding) site.getExtensionByUrl(ImsCanonical.EXT_SPINAL_LEVEL).getValue();
        assertThat(level.getSystem()).isEqualTo(ImsCanonical.CS_SPINAL_SEGMENT); // diagnoses[0].spinalLevels[0]
        assertThat(level.getCode()).isEqualTo("L5"); // diagnoses[0].spinalLevels[0]
    }

    @Test
    void severalLevelsNoSideAndNoBodySiteWithoutEither() {
        ImsSession session = TestSessions.example(json -> {
            ArrayNode diagnoses = (ArrayNode) json.get("diagnoses");
            ObjectNode first = (ObjectNode) diagnoses.get(0);
            first.remove("side");
            first.putArray("spinalLevels").add("L4").add("L5");
            diagnoses.addObject().put("system", "snomed").put("code", "279039007").put("text", "Low back pain");
        });
        BusinessIdentifiers ids = new BusinessIdentifiers(session);

        Condition levels = mapper.map(session, 0, ids);
        assertThat(levels.getBodySiteFirstRep().getText()).isEqualTo("L4 L5"); // diagnoses[0].spinalLevels
        assertThat(levels.getBodySiteFirstRep().getExtensionsByUrl(ImsCanonical.EXT_SPINAL_LEVEL))
                .extracting(e -> ((Coding) e.getValue()).getCode()).containsExactly("L4", "L5"); // diagnoses[0].spinalLevels
        assertThat(levels.getBodySiteFirstRep().getExtensionByUrl(ImsCanonical.EXT_LATERALITY)).isNull(); // diagnoses[0].side absent

        Condition plain = mapper.map(session, 1, ids);
        assertThat(plain.getCode().getCodingFirstRep().getSystem()).isEqualTo(ImsCanonical.SNOMED); // diagnoses[1].system
        assertThat(plain.getIdentifierFirstRep().getValue())
                .isEqualTo("S-2026-000123/diagnosis/snomed/279039007"); // diagnoses[1].system, diagnoses[1].code
        assertThat(plain.hasBodySite()).isFalse(); // diagnoses[1] has neither side nor spinalLevels
        assertThat(plain.hasOnset()).isFalse(); // diagnoses[1].onset absent
    }

    @Test
    void retractionMarksEnteredInErrorWithoutClinicalStatus() {
        ImsSession session = TestSessions.example(json -> json.put("status", "entered-in-error"));
        Condition c = mapper.map(session, 0, new BusinessIdentifiers(session));

        assertThat(c.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("entered-in-error"); // status
        assertThat(c.hasClinicalStatus()).isFalse(); // status (con-5)
    }
}
