package org.imsfhir.adapter.map;

import java.util.Optional;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.AdverseEvent.AdverseEventActuality;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.codesystems.AdverseEventSeriousness;
import org.hl7.fhir.r4.model.codesystems.AdverseEventSeverity;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.ReportedAdverseEvent;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * {@code adverseEvents[i]} to AdverseEvent (ims-adverse-event) for significant and serious events
 * and every always-serious type (pneumothorax); mild ones stay Procedure complications.
 */
public final class AdverseEventMapper {
    private final Terminology terminology;
    private final AdverseEventTriage triage;

    public AdverseEventMapper(Terminology terminology) {
        this.terminology = terminology;
        this.triage = new AdverseEventTriage(terminology);
    }

    /** The AdverseEvent, or empty for a mild event (mapped as a Procedure complication instead). */
    public Optional<AdverseEvent> map(ImsSession session, int index, BusinessIdentifiers ids) {
        ReportedAdverseEvent event = session.adverseEvents().get(index);
        if (!triage.isAdverseEventResource(event)) {
            return Optional.empty();
        }
        AdverseEvent ae = new AdverseEvent();
        ae.getMeta().addProfile(ImsCanonical.PROFILE_ADVERSE_EVENT);
        ae.setIdentifier(ids.adverseEvents().get(index).toIdentifier());
        ae.setActuality(AdverseEventActuality.ACTUAL);
        ae.setEvent(Codings.localWithSnomed(terminology.require(ImsCanonical.CS_ADVERSE_EVENT_TYPE, event.type())));
        ae.setSubject(ids.patient().reference());
        ae.setEncounter(ids.encounter().reference());
        ae.setDateElement(FhirTime.dateTime(event.onset()));
        boolean serious = triage.isSerious(event);
        AdverseEventSeriousness seriousness = serious ? AdverseEventSeriousness.SERIOUS : AdverseEventSeriousness.NONSERIOUS;
        ae.setSeriousness(Codings.hl7(seriousness.getSystem(), seriousness.toCode(), seriousness.getDisplay()));
        AdverseEventSeverity severity = serious ? AdverseEventSeverity.SEVERE : AdverseEventSeverity.MODERATE;
        ae.setSeverity(Codings.hl7(severity.getSystem(), severity.toCode(), severity.getDisplay()));
        ae.addSuspectEntity().setInstance(ids.procedure().reference());
        ae.setRecorder(ids.practitionerRole().reference());
        return Optional.of(ae);
    }
}
