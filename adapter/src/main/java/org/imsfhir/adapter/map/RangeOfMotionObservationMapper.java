package org.imsfhir.adapter.map;

import java.math.BigDecimal;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.codesystems.ObservationCategory;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.RangeOfMotion;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * One {@code rangeOfMotion[i]} to an Observation (ims-range-of-motion) per timing: degreesBefore
 * (pre, effective at start) and degreesAfter (post, effective at end or start). Joint as bodySite
 * with laterality, movement as the single component carrying the degrees.
 */
public final class RangeOfMotionObservationMapper {
    private final Terminology terminology;

    public RangeOfMotionObservationMapper(Terminology terminology) {
        this.terminology = terminology;
    }

    /** The Observation for that timing, or empty when the record has no degrees for it. */
    public Optional<Observation> map(ImsSession session, int index, BusinessIdentifiers ids, MeasurementTiming timing) {
        RangeOfMotion rom = session.rangeOfMotion().get(index);
        BigDecimal degrees = timing == MeasurementTiming.PRE ? rom.degreesBefore() : rom.degreesAfter();
        if (degrees == null) {
            return Optional.empty();
        }
        Observation obs = new Observation();
        obs.getMeta().addProfile(ImsCanonical.PROFILE_RANGE_OF_MOTION);
        obs.addExtension(new Extension(ImsCanonical.EXT_MEASUREMENT_TIMING, new CodeType(
                terminology.require(ImsCanonical.CS_MEASUREMENT_TIMING, timing.code()).code())));
        obs.addIdentifier((timing == MeasurementTiming.PRE ? ids.rangeOfMotionPre() : ids.rangeOfMotionPost())
                .get(index).toIdentifier());
        obs.setStatus(ObservationStatus.of(session));
        obs.addCategory(Codings.hl7(ObservationCategory.EXAM.getSystem(), ObservationCategory.EXAM.toCode(),
                ObservationCategory.EXAM.getDisplay()));
        obs.setCode(new CodeableConcept(new Coding(ImsCanonical.SNOMED, ImsCanonical.SNOMED_RANGE_OF_JOINT_MOVEMENT,
                ImsCanonical.Display.SNOMED_RANGE_OF_JOINT_MOVEMENT)));
        obs.setSubject(ids.patient().reference());
        obs.setEncounter(ids.encounter().reference());
        obs.setEffective(FhirTime.dateTime(timing == MeasurementTiming.PRE || session.end() == null
                ? session.start() : session.end()));
        CodeableConcept joint = new CodeableConcept(Codings.local(terminology.require(ImsCanonical.CS_JOINT, rom.joint())));
        if (rom.side() != null) {
            joint.addExtension(Codings.lateralityExtension(rom.side()));
        }
        obs.setBodySite(joint);
        obs.addComponent()
                .setCode(new CodeableConcept(Codings.local(terminology.require(ImsCanonical.CS_MOVEMENT, rom.movement()))))
                .setValue(Quantities.ucum(degrees, Quantities.DEGREE));
        return Optional.of(obs);
    }
}
