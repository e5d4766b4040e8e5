package org.imsfhir.adapter.map;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Procedure.ProcedureStatus;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ElectricalStimulation;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.Needle;
import org.imsfhir.adapter.record.ReportedAdverseEvent;
import org.imsfhir.adapter.record.SiteType;
import org.imsfhir.adapter.record.TreatedSite;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * The IMS session to Procedure (ims-session-procedure): SNOMED dry needling + local gunn-ims code,
 * one bodySite and one ims-needled-site extension per treated site (same order), needle and
 * stimulation details, session number, consent link, mild adverse events as complications.
 */
public final class ProcedureMapper {
    static final String GUNN_IMS = "gunn-ims";

    private final Terminology terminology;
    private final AdverseEventTriage triage;

    public ProcedureMapper(Terminology terminology) {
        this.terminology = terminology;
        this.triage = new AdverseEventTriage(terminology);
    }

    public Procedure map(ImsSession session, BusinessIdentifiers ids) {
        Procedure procedure = new Procedure();
        procedure.getMeta().addProfile(ImsCanonical.PROFILE_PROCEDURE);
        procedure.addIdentifier(ids.procedure().toIdentifier());
        procedure.setStatus(switch (session.status()) {
            case COMPLETED -> ProcedureStatus.COMPLETED;
            case NOT_DONE -> ProcedureStatus.NOTDONE;
            case ENTERED_IN_ERROR -> ProcedureStatus.ENTEREDINERROR;
        });
        if (session.statusReason() != null && procedure.getStatus() == ProcedureStatus.NOTDONE) {
            procedure.setStatusReason(new CodeableConcept().setText(session.statusReason()));
        }
        procedure.setCode(new CodeableConcept()
                .addCoding(new Coding(ImsCanonical.SNOMED, ImsCanonical.SNOMED_DRY_NEEDLING,
                        ImsCanonical.Display.SNOMED_DRY_NEEDLING))
                .addCoding(Codings.local(terminology.require(ImsCanonical.CS_PROCEDURE, GUNN_IMS))));
        procedure.setSubject(ids.patient().reference());
        procedure.setEncounter(ids.encounter().reference());
        procedure.setPerformed(FhirTime.period(session.start(), session.end()));
        procedure.addPerformer()
                .setActor(ids.practitionerRole().reference())
                .setOnBehalfOf(ids.organization().reference());
        ids.conditions().forEach(c -> procedure.addReasonReference(c.reference()));

        for (TreatedSite site : session.treatedSites()) {
            Terminology.Concept muscle = terminology.require(ImsCanonical.CS_MUSCLE, site.muscle());
            CodeableConcept bodySite = Codings.localWithSnomed(muscle);
            if (site.side() != null) {
                bodySite.addExtension(Codings.lateralityExtension(site.side()));
            }
            procedure.addBodySite(bodySite);
            procedure.addExtension(needledSite(site, muscle));
        }
        if (session.needle() != null) {
            procedure.addExtension(needleSpecification(session.needle()));
        }
        if (session.electricalStimulation() != null) {
            procedure.addExtension(electricalStimulation(session.electricalStimulation()));
        }
        if (session.sessionNumber() != null) {
            procedure.addExtension(new Extension(ImsCanonical.EXT_SESSION_NUMBER,
                    new PositiveIntType(session.sessionNumber())));
        }
        if (session.consent() != null) {
            procedure.addExtension(new Extension(ImsCanonical.EXT_CONSENT_REFERENCE, ids.consent().reference()));
        }
        for (ReportedAdverseEvent event : session.adverseEvents()) {
            if (!triage.isAdverseEventResource(event)) {
                procedure.addComplication(new CodeableConcept(
                        Codings.local(terminology.require(ImsCanonical.CS_ADVERSE_EVENT_TYPE, event.type()))));
            }
        }
        return procedure;
    }

    private Extension needledSite(TreatedSite site, Terminology.Concept muscle) {
        Extension ext = new Extension(ImsCanonical.EXT_NEEDLED_SITE);
        ext.addExtension("muscle", Codings.localWithSnomed(muscle));
        if (site.side() != null) {
            ext.addExtension("laterality", Codings.laterality(site.side()));
        }
        if (site.siteType() != null) {
            ext.addExtension("siteType", new CodeType(site.siteType().code()));
        }
        if (site.siteType() == SiteType.SEGMENTAL && site.spinalLevel() != null) {
            ext.addExtension("spinalLevel", Codings.spinalSegment(terminology, site.spinalLevel()));
        }
        if (site.insertions() != null) {
            ext.addExtension("insertions", new PositiveIntType(site.insertions()));
        }
        if (site.twitchResponses() != null) {
            ext.addExtension("twitchResponses", new UnsignedIntType(site.twitchResponses()));
        }
        return ext;
    }

    private static Extension needleSpecification(Needle needle) {
        Extension ext = new Extension(ImsCanonical.EXT_NEEDLE_SPECIFICATION);
        if (needle.diameterMm() != null) {
            ext.addExtension("diameter", Quantities.ucum(needle.diameterMm(), Quantities.MILLIMETRE));
        }
        if (needle.lengthMm() != null) {
            ext.addExtension("length", Quantities.ucum(needle.lengthMm(), Quantities.MILLIMETRE));
        }
        return ext;
    }

    private static Extension electricalStimulation(ElectricalStimulation stim) {
        Extension ext = new Extension(ImsCanonical.EXT_ELECTRICAL_STIMULATION);
        if (stim.frequencyHz() != null) {
            ext.addExtension("frequency", Quantities.ucum(stim.frequencyHz(), Quantities.HERTZ));
        }
        if (stim.minutes() != null) {
            ext.addExtension("duration", Quantities.ucum(stim.minutes(), Quantities.MINUTE));
        }
        return ext;
    }
}
