package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.terminology.Terminology;
import org.junit.jupiter.api.Test;

class PainObservationMapperTest {
    private final PainObservationMapper mapper = new PainObservationMapper(Terminology.standard());

    @Test
    void preTreatmentPain() {
        ImsSession session = TestSessions.example();
        BusinessIdentifiers ids = new BusinessIdentifiers(session);
        Observation o = mapper.map(session, ids, MeasurementTiming.PRE).orElseThrow();

        assertThat(o.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_PAIN_SCORE); // (fixed: the IMS profile of this resource)
        assertThat(o.getIdentifierFirstRep().getValue()).isEqualTo("S-2026-000123/pain/pre"); // sessionId, pain.before
        assertThat(o.getStatus()).isEqualTo(ObservationStatus.FINAL); // status
        assertThat(o.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("survey"); // pain.scale
        assertThat(o.getCode().getCodingFirstRep().getSystem()).isEqualTo(ImsCanonical.LOINC); // pain.scale NPRS
        assertThat(o.getCode().getCodingFirstRep().getCode()).isEqualTo("72514-3"); // pain.scale NPRS
        assertThat(o.getValueIntegerType().getValue()).isEqualTo(7); // pain.before
        assertThat(o.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-02T10:00:00-08:00"); // start
        assertThat(((CodeType) o.getExtensionByUrl(ImsCanonical.EXT_MEASUREMENT_TIMING).getValue()).getValue())
                .isEqualTo("pre"); // pain.before
        assertThat(o.getPartOfFirstRep().getReference()).isEqualTo(ids.procedure().fullUrl()); // sessionId
        assertThat(o.getSubject().getReference()).isEqualTo(ids.patient().fullUrl()); // patient.id
        assertThat(o.getEncounter().getReference()).isEqualTo(ids.encounter().fullUrl()); // sessionId
    }

    @Test
    void postTreatmentPainAtEndOrStart() {
        ImsSession session = TestSessions.example();
        Observation o = mapper.map(session, new BusinessIdentifiers(session), MeasurementTiming.POST).orElseThrow();
        assertThat(o.getIdentifierFirstRep().getValue()).isEqualTo("S-2026-000123/pain/post"); // sessionId, pain.after
        assertThat(o.getValueIntegerType().getValue()).isEqualTo(4); // pain.after
        assertThat(o.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-02T10:25:00-08:00"); // end
        assertThat(((CodeType) o.getExtensionByUrl(ImsCanonical.EXT_MEASUREMENT_TIMING).getValue()).getValue())
                .isEqualTo("post"); // pain.after

        ImsSession noEnd = TestSessions.example(json -> json.remove("end"));
        Observation atStart = mapper.map(noEnd, new BusinessIdentifiers(noEnd), MeasurementTiming.POST).orElseThrow();
        assertThat(atStart.getEffectiveDateTimeType().getValueAsString())
                .isEqualTo("2026-11-02T10:00:00-08:00"); // start (end absent)
    }

    @Test
    void nothingWithoutScore() {
        ImsSession session = TestSessions.example(json -> ((ObjectNode) json.get("pain")).remove("after"));
        assertThat(mapper.map(session, new BusinessIdentifiers(session), MeasurementTiming.POST)).isEmpty(); // pain.after absent
        ImsSession noPain = TestSessions.example(json -> json.remove("pain"));
        assertThat(mapper.map(noPain, new BusinessIdentifiers(noPain), MeasurementTiming.PRE)).isEmpty(); // pain absent
    }

    @Test
    void retraction() {
        ImsSession session = TestSessions.example(json -> json.put("status", "entered-in-error"));
        Observation o = mapper.map(session, new BusinessIdentifiers(session), MeasurementTiming.PRE).orElseThrow();
        assertThat(o.getStatus()).isEqualTo(ObservationStatus.ENTEREDINERROR); // status
    }
}
