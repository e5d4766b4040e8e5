package org.imsfhir.adapter.map;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.codesystems.V3ActCode;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;

/** The outpatient visit (ims-encounter): class AMB, status from the session status. */
public final class EncounterMapper {

    public Encounter map(ImsSession session, BusinessIdentifiers ids) {
        Encounter encounter = new Encounter();
        encounter.getMeta().addProfile(ImsCanonical.PROFILE_ENCOUNTER);
        encounter.addIdentifier(ids.encounter().toIdentifier());
        encounter.setStatus(switch (session.status()) {
            case COMPLETED -> EncounterStatus.FINISHED;
            case NOT_DONE -> EncounterStatus.CANCELLED;
            case ENTERED_IN_ERROR -> EncounterStatus.ENTEREDINERROR;
        });
        encounter.setClass_(new Coding(V3ActCode.AMB.getSystem(), V3ActCode.AMB.toCode(), V3ActCode.AMB.getDisplay()));
        encounter.setSubject(ids.patient().reference());
        encounter.addParticipant().setIndividual(ids.practitionerRole().reference());
        encounter.setPeriod(FhirTime.period(session.start(), session.end()));
        encounter.setServiceProvider(ids.organization().reference());
        return encounter;
    }
}
