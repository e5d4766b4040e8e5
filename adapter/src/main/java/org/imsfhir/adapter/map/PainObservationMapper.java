package org.imsfhir.adapter.map;

import java.util.Optional;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.codesystems.ObservationCategory;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.PainScores;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * {@code pain.before} / {@code pain.after} to NPRS Observations (ims-pain-score, LOINC 72514-3),
 * effective at session start (pre) and at session end, or start when there is no end (post).
 */
public final class PainObservationMapper {
    private final Terminology terminology;

    public PainObservationMapper(Terminology terminology) {
        this.terminology = terminology;
    }

    /** The Observation for that timing, or empty when the record has no score for it. */
    public Optional<Observation> map(ImsSession session, BusinessIdentifiers ids, MeasurementTiming timing) {
        PainScores pain = session.pain();
        Integer score = pain == null ? null : (timing == MeasurementTiming.PRE ? pain.before() : pain.after());
        if (score == null) {
            return Optional.empty();
        }
        Observation obs = new Observation();
        obs.getMeta().addProfile(ImsCanonical.PROFILE_PAIN_SCORE);
        obs.addExtension(new Extension(ImsCanonical.EXT_MEASUREMENT_TIMING, new CodeType(
                terminology.require(ImsCanonical.CS_MEASUREMENT_TIMING, timing.code()).code())));
        obs.addIdentifier((timing == MeasurementTiming.PRE ? ids.painPre() : ids.painPost()).toIdentifier());
        obs.addPartOf(ids.procedure().reference());
        obs.setStatus(ObservationStatus.of(session));
        obs.addCategory(Codings.hl7(ObservationCategory.SURVEY.getSystem(), ObservationCategory.SURVEY.toCode(),
                ObservationCategory.SURVEY.getDisplay()));
        obs.setCode(new CodeableConcept(new Coding(ImsCanonical.LOINC, ImsCanonical.LOINC_NPRS,
                ImsCanonical.Display.LOINC_NPRS)));
        obs.setSubject(ids.patient().reference());
        obs.setEncounter(ids.encounter().reference());
        obs.setEffective(FhirTime.dateTime(timing == MeasurementTiming.PRE || session.end() == null
                ? session.start() : session.end()));
        obs.setValue(new IntegerType(score));
        return Optional.of(obs);
    }
}
