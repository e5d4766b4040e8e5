package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.terminology.Terminology;
import org.junit.jupiter.api.Test;

class OutcomeObservationMapperTest {
    private final OutcomeObservationMapper mapper = new OutcomeObservationMapper(Terminology.standard());

    private static final ImsSession SESSION = TestSessions.example(json -> {
        ArrayNode outcomes = (ArrayNode) json.get("outcomes");
        outcomes.addObject().put("instrument", "NDI").put("score", 21).put("date", "2026-11-01");
        outcomes.addObject().put("instrument", "PSFS").put("score", new java.math.BigDecimal("6.5")).put("date", "2026-10-30");
    });

    @Test
    void oswestryAsPercent() {
        BusinessIdentifiers ids = new BusinessIdentifiers(SESSION);
        Observation o = mapper.map(SESSION, 0, ids);

        assertThat(o.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_ODI); // outcomes[0].instrument
        assertThat(o.getIdentifierFirstRep().getValue()).isEqualTo("S-2026-000123/outcome/odi"); // outcomes[0].instrument
        assertThat(o.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("survey"); // outcomes[0]
        assertThat(o.getCode().getCoding()).extracting(Coding::getSystem, Coding::getCode).containsExactly(
                tuple(ImsCanonical.CS_OUTCOME, "odi"), tuple(ImsCanonical.LOINC, "97908-8")); // outcomes[0].instrument
        Quantity value = o.getValueQuantity();
        assertThat(value.getValue()).isEqualByComparingTo("38"); // outcomes[0].score
        assertThat(value.getCode()).isEqualTo("%"); // outcomes[0].instrument ODI
        assertThat(value.getUnit()).isEqualTo("%"); // outcomes[0].instrument ODI
        assertThat(value.getSystem()).isEqualTo(ImsCanonical.UCUM); // outcomes[0].score
        assertThat(o.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-02"); // outcomes[0].date
        assertThat(o.getSubject().getReference()).isEqualTo(ids.patient().fullUrl()); // patient.id
        assertThat(o.getEncounter().getReference()).isEqualTo(ids.encounter().fullUrl()); // sessionId
    }

    @Test
    void neckDisabilityIndexAsScore() {
        Observation o = mapper.map(SESSION, 1, new BusinessIdentifiers(SESSION));
        assertThat(o.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_NDI); // outcomes[1].instrument
        assertThat(o.getIdentifierFirstRep().getValue()).isEqualTo("S-2026-000123/outcome/ndi"); // outcomes[1].instrument
        assertThat(o.getCode().getCoding()).extracting(Coding::getCode).containsExactly("ndi", "82237-9"); // outcomes[1].instrument
        assertThat(o.getValueQuantity().getValue()).isEqualByComparingTo("21"); // outcomes[1].score
        assertThat(o.getValueQuantity().getCode()).isEqualTo("{score}"); // outcomes[1].instrument NDI
        assertThat(o.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-11-01"); // outcomes[1].date
    }

    @Test
    void patientSpecificFunctionalScaleLocalCodeOnly() {
        Observation o = mapper.map(SESSION, 2, new BusinessIdentifiers(SESSION));
        assertThat(o.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_PSFS); // outcomes[2].instrument
        assertThat(o.getCode().getCoding()).extracting(Coding::getCode).containsExactly("psfs"); // outcomes[2].instrument (no LOINC)
        assertThat(o.getValueQuantity().getValue()).isEqualByComparingTo("6.5"); // outcomes[2].score
        assertThat(o.getValueQuantity().getCode()).isEqualTo("{score}"); // outcomes[2].instrument PSFS
    }
}
