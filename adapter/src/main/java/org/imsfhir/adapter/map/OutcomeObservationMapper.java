package org.imsfhir.adapter.map;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.codesystems.ObservationCategory;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.OutcomeScore;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * One {@code outcomes[i]} to an Observation (ims-odi-score / ims-ndi-score / ims-psfs-score):
 * ims-outcome code plus the LOINC code the code list maps (ODI, NDI), score as a UCUM quantity.
 */
public final class OutcomeObservationMapper {
    private final Terminology terminology;

    public OutcomeObservationMapper(Terminology terminology) {
        this.terminology = terminology;
    }

    public Observation map(ImsSession session, int index, BusinessIdentifiers ids) {
        OutcomeScore outcome = session.outcomes().get(index);
        Terminology.Concept concept = terminology.require(ImsCanonical.CS_OUTCOME, outcome.instrument().localCode());
        Observation obs = new Observation();
        obs.getMeta().addProfile(switch (outcome.instrument()) {
            case ODI -> ImsCanonical.PROFILE_ODI;
            case NDI -> ImsCanonical.PROFILE_NDI;
            case PSFS -> ImsCanonical.PROFILE_PSFS;
        });
        obs.addIdentifier(ids.outcomes().get(index).toIdentifier());
        obs.setStatus(ObservationStatus.of(session));
        obs.addCategory(Codings.hl7(ObservationCategory.SURVEY.getSystem(), ObservationCategory.SURVEY.toCode(),
                ObservationCategory.SURVEY.getDisplay()));
        CodeableConcept code = new CodeableConcept(Codings.local(concept));
        concept.property("loinc").ifPresent(loinc -> code.addCoding(new Coding().setSystem(ImsCanonical.LOINC).setCode(loinc)));
        obs.setCode(code);
        obs.setSubject(ids.patient().reference());
        obs.setEncounter(ids.encounter().reference());
        obs.setEffective(FhirTime.dateTime(outcome.date()));
        // ODI is a percentage; NDI (raw 0-50) and PSFS (mean 0-10) are plain scores.
        String unit = switch (outcome.instrument()) {
            case ODI -> Quantities.PERCENT;
            case NDI, PSFS -> Quantities.SCORE;
        };
        obs.setValue(Quantities.ucum(outcome.score(), unit));
        return obs;
    }
}
