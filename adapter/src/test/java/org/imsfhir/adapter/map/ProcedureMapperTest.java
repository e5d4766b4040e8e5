package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Procedure.ProcedureStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.terminology.Terminology;
import org.junit.jupiter.api.Test;

class ProcedureMapperTest {
    private final ProcedureMapper mapper = new ProcedureMapper(Terminology.standard());

    @Test
    void mapsSessionHeader() {
        ImsSession session = TestSessions.example();
        BusinessIdentifiers ids = new BusinessIdentifiers(session);
        Procedure p = mapper.map(session, ids);

        assertThat(p.getMeta().getProfile().get(0).getValue()).isEqualTo(ImsCanonical.PROFILE_PROCEDURE); // (fixed: the IMS profile of this resource)
        assertThat(p.getIdentifierFirstRep().getSystem())
                .isEqualTo("https://westside-physio.example/pms/session"); // source.system
        assertThat(p.getIdentifierFirstRep().getValue()).isEqualTo("S-2026-000123"); // sessionId
        assertThat(p.getStatus()).isEqualTo(ProcedureStatus.COMPLETED); // status
        assertThat(p.hasStatusReason()).isFalse(); // status completed
        assertThat(p.getCode().getCoding()).extracting(Coding::getSystem, Coding::getCode).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ImsCanonical.SNOMED, "231082000"),
                org.assertj.core.groups.Tuple.tuple(ImsCanonical.CS_PROCEDURE, "gunn-ims")); // (fixed: an IMS session)
        assertThat(p.getSubject().getReference()).isEqualTo(ids.patient().fullUrl()); // patient.id
        assertThat(p.getEncounter().getReference()).isEqualTo(ids.encounter().fullUrl()); // sessionId
        assertThat(p.getPerformedPeriod().getStartElement().getValueAsString())
                .isEqualTo("2026-11-02T10:00:00-08:00"); // start
        assertThat(p.getPerformedPeriod().getEndElement().getValueAsString())
                .isEqualTo("2026-11-02T10:25:00-08:00"); // end
        assertThat(p.getPerformerFirstRep().getActor().getReference())
                .isEqualTo(ids.practitionerRole().fullUrl()); // practitioner.id
        assertThat(p.getPerformerFirstRep().getOnBehalfOf().getReference())
                .isEqualTo(ids.organization().fullUrl()); // source.clinicId
        assertThat(p.getReasonReference()).extracting(Reference::getReference)
                .containsExactly(ids.conditions().get(0).fullUrl()); // diagnoses[0]
        assertThat(((PositiveIntType) p.getExtensionByUrl(ImsCanonical.EXT_SESSION_NUMBER).getValue()).getValue())
                .isEqualTo(3); // sessionNumber
        assertThat(((Reference) p.getExtensionByUrl(ImsCanonical.EXT_CONSENT_REFERENCE).getValue()).getReference())
                .isEqualTo(ids.consent().fullUrl()); // consent
        assertThat(p.getComplication()).hasSize(1); // adverseEvents[0] (mild)
        assertThat(p.getComplicationFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo(ImsCanonical.CS_ADVERSE_EVENT_TYPE); // adverseEvents[0].type
        assertThat(p.getComplicationFirstRep().getCodingFirstRep().getCode()).isEqualTo("bruising"); // adverseEvents[0].type
    }

    @Test
    void eachTreatedSiteIsABodySiteAndANeedledSiteExtensionInOrder() {
        ImsSession session = TestSessions.example();
        Procedure p = mapper.map(session, new BusinessIdentifiers(session));

        assertThat(p.getBodySite()).hasSize(2); // treatedSites
        CodeableConcept gluteus = p.getBodySite().get(0);
        assertThat(gluteus.getCoding()).extracting(Coding::getSystem, Coding::getCode).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ImsCanonical.CS_MUSCLE, "gluteus-medius"),
                org.assertj.core.groups.Tuple.tuple(ImsCanonical.SNOMED, "78333006")); // treatedSites[0].muscle
        assertThat(laterality(gluteus.getExtensionByUrl(ImsCanonical.EXT_LATERALITY)))
                .isEqualTo(ImsCanonical.SNOMED_LEFT); // treatedSites[0].side
        CodeableConcept multifidus = p.getBodySite().get(1);
        assertThat(multifidus.getCoding()).extracting(Coding::getCode)
                .containsExactly("multifidus"); // treatedSites[1].muscle (no verified SNOMED code)

        List<Extension> sites = p.getExtensionsByUrl(ImsCanonical.EXT_NEEDLED_SITE);
        assertThat(sites).hasSize(2); // treatedSites
        Extension local = sites.get(0);
        assertThat(((CodeableConcept) local.getExtensionByUrl("muscle").getValue()).getCoding())
                .extracting(Coding::getCode).containsExactly("gluteus-medius", "78333006"); // treatedSites[0].muscle
        assertThat(((CodeableConcept) local.getExtensionByUrl("laterality").getValue()).getCodingFirstRep().getCode())
                .isEqualTo(ImsCanonical.SNOMED_LEFT); // treatedSites[0].side
        assertThat(((CodeType) local.getExtensionByUrl("siteType").getValue()).getValue())
                .isEqualTo("local"); // treatedSites[0].siteType
        assertThat(local.getExtensionByUrl("spinalLevel")).isNull(); // treatedSites[0] is local
        assertThat(((PositiveIntType) local.getExtensionByUrl("insertions").getValue()).getValue())
                .isEqualTo(4); // treatedSites[0].insertions
        assertThat(((UnsignedIntType) local.getExtensionByUrl("twitchResponses").getValue()).getValue())
                .isEqualTo(2); // treatedSites[0].twitchResponses

        Extension segmental = sites.get(1);
        assertThat(((CodeType) segmental.getExtensionByUrl("siteType").getValue()).getValue())
                .isEqualTo("segmental"); // treatedSites[1].siteType
        Coding level = (Coding) segmental.getExtensionByUrl("spinalLevel").getValue();
        assertThat(level.getSystem()).isEqualTo(ImsCanonical.CS_SPINAL_SEGMENT); // treatedSites[1].spinalLevel
        assertThat(level.getCode()).isEqualTo("L5"); // treatedSites[1].spinalLevel
        assertThat(((PositiveIntType) segmental.getExtensionByUrl("insertions").getValue()).getValue())
                .isEqualTo(3); // treatedSites[1].insertions
        assertThat(((UnsignedIntType) segmental.getExtensionByUrl("twitchResponses").getValue()).getValue())
                .isEqualTo(0); // treatedSites[1].twitchResponses
    }

    @Test
    void needleAndElectricalStimulation() {
        ImsSession session = TestSessions.example(json ->
                json.putObject("electricalStimulation").put("frequencyHz", 2).put("minutes", 10));
        Procedure p = mapper.map(session, new BusinessIdentifiers(session));

        Extension needle = p.getExtensionByUrl(ImsCanonical.EXT_NEEDLE_SPECIFICATION);
        Quantity diameter = (Quantity) needle.getExtensionByUrl("diameter").getValue();
        assertThat(diameter.getValue()).isEqualByComparingTo(new BigDecimal("0.30")); // needle.diameterMm
        assertThat(diameter.getCode()).isEqualTo("mm"); // needle.diameterMm
        assertThat(diameter.getSystem()).isEqualTo(ImsCanonical.UCUM); // needle.diameterMm
        assertThat(((Quantity) needle.getExtensionByUrl("length").getValue()).getValue())
                .isEqualByComparingTo("50"); // needle.lengthMm

        Extension stim = p.getExtensionByUrl(ImsCanonical.EXT_ELECTRICAL_STIMULATION);
        Quantity frequency = (Quantity) stim.getExtensionByUrl("frequency").getValue();
        assertThat(frequency.getValue()).isEqualByComparingTo("2"); // electricalStimulation.frequencyHz
        assertThat(frequency.getCode()).isEqualTo("Hz"); // electricalStimulation.frequencyHz
        Quantity duration = (Quantity) stim.getExtensionByUrl("duration").getValue();
        assertThat(duration.getValue()).isEqualByComparingTo("10"); // electricalStimulation.minutes
        assertThat(duration.getCode()).isEqualTo("min"); // electricalStimulation.minutes
    }

    @Test
    void noStimulationExtensionWhenNull() {
        ImsSession session = TestSessions.example();
        Procedure p = mapper.map(session, new BusinessIdentifiers(session));
        assertThat(p.getExtensionByUrl(ImsCanonical.EXT_ELECTRICAL_STIMULATION)).isNull(); // electricalStimulation: null
    }

    @Test
    void notDoneCarriesReasonAndNoSites() {
        ImsSession session = TestSessions.example(json -> {
            json.put("status", "not-done");
            json.put("statusReason", "Patient declined needling today");
            json.putArray("treatedSites");
        });
        Procedure p = mapper.map(session, new BusinessIdentifiers(session));

        assertThat(p.getStatus()).isEqualTo(ProcedureStatus.NOTDONE); // status
        assertThat(p.getStatusReason().getText()).isEqualTo("Patient declined needling today"); // statusReason
        assertThat(p.getBodySite()).isEmpty(); // treatedSites empty
        assertThat(p.getExtensionsByUrl(ImsCanonical.EXT_NEEDLED_SITE)).isEmpty(); // treatedSites empty
    }

    @Test
    void seriousEventsAreNotComplications() {
        ImsSession session = TestSessions.example(json -> {
            ArrayNode events = (ArrayNode) json.get("adverseEvents");
            ObjectNode pneumothorax = events.addObject();
            pneumothorax.put("type", "pneumothorax").put("severity", "serious").put("onset", "2026-11-02T18:00:00-08:00");
            events.addObject().put("type", "fainting").put("severity", "significant")
                    .put("onset", "2026-11-02T10:10:00-08:00");
        });
        Procedure p = mapper.map(session, new BusinessIdentifiers(session));
        assertThat(p.getComplication()).extracting(c -> c.getCodingFirstRep().getCode())
                .containsExactly("bruising"); // adverseEvents[0] mild; [1] pneumothorax, [2] significant go to AdverseEvent
    }

    @Test
    void retraction() {
        ImsSession session = TestSessions.example(json -> json.put("status", "entered-in-error"));
        Procedure p = mapper.map(session, new BusinessIdentifiers(session));
        assertThat(p.getStatus()).isEqualTo(ProcedureStatus.ENTEREDINERROR); // status
        assertThat(p.getIdentifierFirstRep().getValue()).isEqualTo("S-2026-000123"); // sessionId (same key as the original)
    }

    private static String laterality(Extension ext) {
        return ((CodeableConcept) ext.getValue()).getCodingFirstRep().getCode();
    }
}
