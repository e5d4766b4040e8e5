package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.AdverseEvent.AdverseEventActuality;
import org.hl7.fhir.r4.model.Coding;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.terminology.Terminology;
import org.junit.jupiter.api.Test;

class AdverseEventMapperTest {
    private final AdverseEventMapper mapper = new AdverseEventMapper(Terminology.standard());

    private static final ImsSession SESSION = TestSessions.example(json -> {
        ArrayNode events = (ArrayNode) json.get("adverseEvents");
        events.addObject().put("type", "pneumothorax").put("severity", "serious").put("onset", "2026-11-02T18:00:00-08:00");
        events.addObject().put("type", "fainting").put("severity", "significant").put("onset", "2026-11-02T10:10:00-08:00");
        events.addObject().put("type", "other").put("severity", "serious").put("onset", "2026-11-03T09:00:00-08:00");
    });

    @Test
    void mildEventIsNoAdverseEventResource() {
        assertThat(mapper.map(SESSION, 0, new BusinessIdentifiers(SESSION))).isEmpty(); // adverseEvents[0].severity mild
    }

    @Test
    void pneumothoraxIsSeriousAndSevere() {
        BusinessIdentifiers ids = new BusinessIdentifiers(SESSION);
        AdverseEvent ae = mapper.map(SESSION, 1, ids).orElseThrow();

        assertThat(ae.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_ADVERSE_EVENT); // (fixed: the IMS profile of this resource)
        assertThat(ae.getIdentifier().getSystem()).isEqualTo("https://westside-physio.example/pms/session"); // source.system
        assertThat(ae.getIdentifier().getValue()).isEqualTo("S-2026-000123/adverse-event/1"); // sessionId, adverseEvents[1]
        assertThat(ae.getActuality()).isEqualTo(AdverseEventActuality.ACTUAL); // adverseEvents[1]
        assertThat(ae.getEvent().getCoding()).extracting(Coding::getSystem, Coding::getCode).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ImsCanonical.CS_ADVERSE_EVENT_TYPE, "pneumothorax"),
                org.assertj.core.groups.Tuple.tuple(ImsCanonical.SNOMED, "36118008")); // adverseEvents[1].type
        assertThat(ae.getDateElement().getValueAsString()).isEqualTo("2026-11-02T18:00:00-08:00"); // adverseEvents[1].onset
        assertThat(ae.getSeriousness().getCodingFirstRep().getCode()).isEqualTo("Serious"); // adverseEvents[1].type pneumothorax
        assertThat(ae.getSeverity().getCodingFirstRep().getCode()).isEqualTo("severe"); // adverseEvents[1].severity
        assertThat(ae.getSubject().getReference()).isEqualTo(ids.patient().fullUrl()); // patient.id
        assertThat(ae.getEncounter().getReference()).isEqualTo(ids.encounter().fullUrl()); // sessionId
        assertThat(ae.getSuspectEntityFirstRep().getInstance().getReference())
                .isEqualTo(ids.procedure().fullUrl()); // sessionId (the needling)
        assertThat(ae.getRecorder().getReference()).isEqualTo(ids.practitionerRole().fullUrl()); // practitioner.id
    }

    @Test
    void significantIsNonSeriousModerate() {
        AdverseEvent ae = mapper.map(SESSION, 2, new BusinessIdentifiers(SESSION)).orElseThrow();
        assertThat(ae.getEvent().getCoding()).extracting(Coding::getCode).containsExactly("fainting"); // adverseEvents[2].type (no SNOMED)
        assertThat(ae.getSeriousness().getCodingFirstRep().getCode()).isEqualTo("Non-serious"); // adverseEvents[2].severity
        assertThat(ae.getSeverity().getCodingFirstRep().getCode()).isEqualTo("moderate"); // adverseEvents[2].severity
    }

    @Test
    void seriousOtherEvent() {
        AdverseEvent ae = mapper.map(SESSION, 3, new BusinessIdentifiers(SESSION)).orElseThrow();
        assertThat(ae.getSeriousness().getCodingFirstRep().getCode()).isEqualTo("Serious"); // adverseEvents[3].severity
        assertThat(ae.getSeverity().getCodingFirstRep().getCode()).isEqualTo("severe"); // adverseEvents[3].severity
        assertThat(ae.getIdentifier().getValue()).isEqualTo("S-2026-000123/adverse-event/3"); // adverseEvents[3]
    }
}
