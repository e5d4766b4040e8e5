package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.terminology.Terminology;
import org.junit.jupiter.api.Test;

class RangeOfMotionObservationMapperTest {
    private final RangeOfMotionObservationMapper mapper = new RangeOfMotionObservationMapper(Terminology.standard());

    @Test
    void beforeAndAfterWithoutSide() {
        ImsSession session = TestSessions.example();
        BusinessIdentifiers ids = new BusinessIdentifiers(session);
        Observation pre = mapper.map(session, 0, ids, MeasurementTiming.PRE).orElseThrow();

        assertThat(pre.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_RANGE_OF_MOTION); // (fixed: the IMS profile of this resource)
        assertThat(pre.getIdentifierFirstRep().getValue())
                .isEqualTo("S-2026-000123/rom/lumbar-spine/flexion/na/pre"); // rangeOfMotion[0].joint/movement, no side
        assertThat(pre.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("exam"); // rangeOfMotion[0]
        assertThat(pre.getCode().getCodingFirstRep().getCode()).isEqualTo("364564000"); // rangeOfMotion[0]
        assertThat(pre.getBodySite().getCodingFirstRep().getSystem()).isEqualTo(ImsCanonical.CS_JOINT); // rangeOfMotion[0].joint
        assertThat(pre.getBodySite().getCodingFirstRep().getCode()).isEqualTo("lumbar-spine"); // rangeOfMotion[0].joint
        assertThat(pre.getBodySite().getExtensionByUrl(ImsCanonical.EXT_LATERALITY)).isNull(); // rangeOfMotion[0].side absent
        ObservationComponentComponent movement = pre.getComponentFirstRep();
        assertThat(movement.getCode().getCodingFirstRep().getSystem()).isEqualTo(ImsCanonical.CS_MOVEMENT); // rangeOfMotion[0].movement
        assertThat(movement.getCode().getCodingFirstRep().getCode()).isEqualTo("flexion"); // rangeOfMotion[0].movement
        assertThat(movement.getValueQuantity().getValue()).isEqualByComparingTo("40"); // rangeOfMotion[0].degreesBefore
        assertThat(movement.getValueQuantity().getCode()).isEqualTo("deg"); // rangeOfMotion[0].degreesBefore
        assertThat(pre.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-02T10:00:00-08:00"); // start
        assertThat(((CodeType) pre.getExtensionByUrl(ImsCanonical.EXT_MEASUREMENT_TIMING).getValue()).getValue())
                .isEqualTo("pre"); // rangeOfMotion[0].degreesBefore
        assertThat(pre.hasValue()).isFalse(); // degrees live in the component

        Observation post = mapper.map(session, 0, ids, MeasurementTiming.POST).orElseThrow();
        assertThat(post.getIdentifierFirstRep().getValue())
                .isEqualTo("S-2026-000123/rom/lumbar-spine/flexion/na/post"); // rangeOfMotion[0]
        assertThat(post.getComponentFirstRep().getValueQuantity().getValue())
                .isEqualByComparingTo("55"); // rangeOfMotion[0].degreesAfter
        assertThat(post.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-02T10:25:00-08:00"); // end
        assertThat(((CodeType) post.getExtensionByUrl(ImsCanonical.EXT_MEASUREMENT_TIMING).getValue()).getValue())
                .isEqualTo("post"); // rangeOfMotion[0].degreesAfter
    }

    @Test
    void sideAndMissingAfter() {
        ImsSession session = TestSessions.example(json -> ((ArrayNode) json.get("rangeOfMotion")).addObject()
                .put("joint", "shoulder").put("movement", "abduction").put("side", "right").put("degreesBefore", 120));
        BusinessIdentifiers ids = new BusinessIdentifiers(session);
        Observation pre = mapper.map(session, 1, ids, MeasurementTiming.PRE).orElseThrow();

        assertThat(pre.getIdentifierFirstRep().getValue())
                .isEqualTo("S-2026-000123/rom/shoulder/abduction/right/pre"); // rangeOfMotion[1].joint/movement/side
        assertThat(((CodeableConcept) pre.getBodySite().getExtensionByUrl(ImsCanonical.EXT_LATERALITY).getValue())
                .getCodingFirstRep().getCode()).isEqualTo(ImsCanonical.SNOMED_RIGHT); // rangeOfMotion[1].side
        assertThat(mapper.map(session, 1, ids, MeasurementTiming.POST)).isEmpty(); // rangeOfMotion[1].degreesAfter absent
    }
}
