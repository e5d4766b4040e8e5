package org.imsfhir.adapter.map;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.terminology.Terminology;
import org.junit.jupiter.api.Test;

class EhrTransactionBuilderTest {
    private static final Instant NOW = Instant.parse("2026-11-02T18:30:00Z");
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private final EhrTransactionBuilder builder = new EhrTransactionBuilder(Terminology.standard());

    @Test
    void entriesMethodsAndUrls() {
        Bundle bundle = builder.build(TestSessions.example(), NOW, "test", true);

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION); // (fixed: EHR transaction)
        assertThat(bundle.hasId()).isFalse(); // (fixed: no Bundle.id)
        assertThat(bundle.getTimestampElement().getValueAsString()).isEqualTo("2026-11-02T18:30:00.000Z"); // (conversion time)
        // Patient, Practitioner, Organization, PractitionerRole, Encounter, 1 Condition (diagnoses), Procedure,
        // pain pre + post, 1 ODI (outcomes), ROM pre + post (rangeOfMotion[0]), Consent, Provenance;
        // the one adverse event is mild and so a Procedure complication, not an entry.
        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType()).containsExactly(
                "Patient", "Practitioner", "Organization", "PractitionerRole", "Encounter", "Condition", "Procedure",
                "Observation", "Observation", "Observation", "Observation", "Observation", "Consent", "Provenance");

        BundleEntryComponent patient = bundle.getEntry().get(0);
        assertThat(patient.getRequest().getMethod()).isEqualTo(HTTPVerb.POST); // patient (conditional create)
        assertThat(patient.getRequest().getUrl()).isEqualTo("Patient"); // patient
        assertThat(patient.getRequest().getIfNoneExist())
                .isEqualTo("identifier=https://westside-physio.example/pms/patient|P-88812"); // source.system, patient.id
        assertThat(bundle.getEntry().get(1).getRequest().getIfNoneExist())
                .isEqualTo("identifier=https://westside-physio.example/pms/practitioner|PT-17"); // practitioner.id
        assertThat(bundle.getEntry().get(2).getRequest().getIfNoneExist())
                .isEqualTo("identifier=https://westside-physio.example/pms/clinic|westside"); // source.clinicId
        assertThat(bundle.getEntry().subList(0, 3)).allSatisfy(e ->
                assertThat(e.getRequest().getMethod()).isEqualTo(HTTPVerb.POST)); // patient, practitioner, source.clinicId

        List<BundleEntryComponent> updates = bundle.getEntry().subList(3, bundle.getEntry().size() - 1);
        assertThat(updates).allSatisfy(e -> {
            assertThat(e.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT); // sessionId (conditional update)
            assertThat(e.getRequest().hasIfNoneExist()).isFalse(); // sessionId
        });
        assertThat(updates).extracting(e -> e.getRequest().getUrl()).containsExactly(
                "PractitionerRole?identifier=https://westside-physio.example/pms/practitioner-role|PT-17",
                "Encounter?identifier=https://westside-physio.example/pms/session|S-2026-000123",
                "Condition?identifier=https://westside-physio.example/pms/session|S-2026-000123/diagnosis/icd-10-ca/M54.16",
                "Procedure?identifier=https://westside-physio.example/pms/session|S-2026-000123",
                "Observation?identifier=https://westside-physio.example/pms/session|S-2026-000123/pain/pre",
                "Observation?identifier=https://westside-physio.example/pms/session|S-2026-000123/pain/post",
                "Observation?identifier=https://westside-physio.example/pms/session|S-2026-000123/outcome/odi",
                "Observation?identifier=https://westside-physio.example/pms/session|S-2026-000123/rom/lumbar-spine/flexion/na/pre",
                "Observation?identifier=https://westside-physio.example/pms/session|S-2026-000123/rom/lumbar-spine/flexion/na/post",
                "Consent?identifier=https://westside-physio.example/pms/session|S-2026-000123/consent"); // source.system, sessionId, practitioner.id, diagnoses[0], pain, outcomes[0], rangeOfMotion[0], consent

        BundleEntryComponent provenance = bundle.getEntry().get(bundle.getEntry().size() - 1);
        assertThat(provenance.getRequest().getMethod()).isEqualTo(HTTPVerb.PUT); // source.system, sessionId
        BusinessId provenanceId = new BusinessIdentifiers(TestSessions.example()).provenance();
        assertThat(provenance.getRequest().getUrl())
                .isEqualTo("Provenance/" + provenanceId.uuid()); // source.system, sessionId
        assertThat(provenance.getResource().getIdPart()).isEqualTo(provenanceId.uuid().toString()); // source.system, sessionId
        assertThat(provenance.getFullUrl()).isEqualTo(provenanceId.fullUrl()); // source.system, sessionId
    }

    @Test
    void fullUrlsAreUniqueUuidsAndEveryReferenceResolvesInsideTheBundle() {
        Bundle bundle = builder.build(TestSessions.example(this::addSeriousEvents), NOW, "test", true);

        Set<String> fullUrls = bundle.getEntry().stream().map(BundleEntryComponent::getFullUrl).collect(Collectors.toSet());
        assertThat(fullUrls).hasSize(bundle.getEntry().size()); // (every business identifier)
        assertThat(fullUrls).allSatisfy(u -> assertThat(u).matches("urn:uuid:[0-9a-f-]{36}")); // (every business identifier)

        FhirTerser terser = FHIR.newTerser();
        Set<String> referenced = new HashSet<>();
        for (BundleEntryComponent entry : bundle.getEntry()) {
            for (Reference ref : terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
                if (ref.hasReference()) {
                    referenced.add(ref.getReference());
                }
            }
        }
        assertThat(referenced).isNotEmpty(); // patient.id, practitioner.id, source.clinicId, sessionId, ...
        assertThat(fullUrls).containsAll(referenced); // (every reference between entries)
        // Provenance targets every other entry.
        Provenance provenance = (Provenance) bundle.getEntry().get(bundle.getEntry().size() - 1).getResource();
        assertThat(provenance.getTarget()).extracting(Reference::getReference).containsExactlyElementsOf(
                bundle.getEntry().subList(0, bundle.getEntry().size() - 1).stream()
                        .map(BundleEntryComponent::getFullUrl).toList()); // (every mapped field's resource)
    }

    @Test
    void seriousAdverseEventsBecomeEntries() {
        Bundle bundle = builder.build(TestSessions.example(this::addSeriousEvents), NOW, "test", true);
        List<AdverseEvent> events = resources(bundle, AdverseEvent.class);
        assertThat(events).extracting(ae -> ae.getIdentifier().getValue()).containsExactly(
                "S-2026-000123/adverse-event/1", "S-2026-000123/adverse-event/2"); // adverseEvents[1] pneumothorax, [2] significant
        // R4 AdverseEvent has no identifier search parameter: updated by its deterministic id.
        BusinessIdentifiers ids = new BusinessIdentifiers(TestSessions.example(this::addSeriousEvents));
        assertThat(bundle.getEntry()).filteredOn(e -> e.getResource() instanceof AdverseEvent)
                .extracting(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl()).containsExactly(
                        "PUT AdverseEvent/" + ids.adverseEvents().get(1).uuid(),
                        "PUT AdverseEvent/" + ids.adverseEvents().get(2).uuid()); // adverseEvents[1], [2]
        assertThat(events).extracting(ae -> ae.getIdElement().getIdPart()).containsExactly(
                ids.adverseEvents().get(1).uuid().toString(), ids.adverseEvents().get(2).uuid().toString()); // adverseEvents[1], [2]
    }

    @Test
    void parsesBackWithHapi() {
        Bundle bundle = builder.build(TestSessions.example(this::addSeriousEvents), NOW, "test", true);
        String json = FHIR.newJsonParser().encodeResourceToString(bundle);

        Bundle parsed = FHIR.newJsonParser().setOverrideResourceIdWithBundleEntryFullUrl(false)
                .parseResource(Bundle.class, json);
        assertThat(FHIR.newJsonParser().encodeResourceToString(parsed)).isEqualTo(json); // (the whole record)

        // HAPI's default parse (resource ids taken from fullUrls) keeps every entry and request too.
        Bundle plain = FHIR.newJsonParser().parseResource(Bundle.class, json);
        assertThat(plain.getEntry()).extracting(e -> e.getFullUrl() + " " + e.getRequest().getMethod() + " " + e.getRequest().getUrl())
                .containsExactlyElementsOf(bundle.getEntry().stream()
                        .map(e -> e.getFullUrl() + " " + e.getRequest().getMethod() + " " + e.getRequest().getUrl()).toList()); // (the whole record)
    }

    @Test
    void withoutProvenance() {
        Bundle bundle = builder.build(TestSessions.example(), NOW, "test", false);
        assertThat(resources(bundle, Provenance.class)).isEmpty(); // (option: without Provenance)
        assertThat(bundle.getEntry()).hasSize(13); // (the example record's 13 other resources)
    }

    @Test
    void notDoneSession() {
        ImsSession session = TestSessions.example(json -> {
            json.put("status", "not-done");
            json.put("statusReason", "Patient unwell on arrival");
            json.putArray("treatedSites");
            json.putArray("adverseEvents");
            json.remove("pain");
            json.putArray("rangeOfMotion");
            json.putArray("outcomes");
        });
        Bundle bundle = builder.build(session, NOW, "test", true);

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().fhirType()).containsExactly(
                "Patient", "Practitioner", "Organization", "PractitionerRole", "Encounter", "Condition", "Procedure",
                "Consent", "Provenance"); // status not-done: no treatedSites, pain, outcomes, rangeOfMotion, adverseEvents
        assertThat(resources(bundle, Encounter.class).get(0).getStatus())
                .isEqualTo(Encounter.EncounterStatus.CANCELLED); // status
        Procedure procedure = resources(bundle, Procedure.class).get(0);
        assertThat(procedure.getStatus()).isEqualTo(Procedure.ProcedureStatus.NOTDONE); // status
        assertThat(procedure.getStatusReason().getText()).isEqualTo("Patient unwell on arrival"); // statusReason
        assertThat(procedure.hasBodySite()).isFalse(); // treatedSites empty
        assertThat(resources(bundle, Consent.class).get(0).getStatus()).isEqualTo(Consent.ConsentState.ACTIVE); // status
    }

    @Test
    void enteredInErrorRetractsTheSameResources() {
        ImsSession original = TestSessions.example(this::addSeriousEvents);
        ImsSession retraction = TestSessions.example(json -> {
            addSeriousEvents(json);
            json.put("status", "entered-in-error");
        });
        Bundle sent = builder.build(original, NOW, "test", true);
        Bundle retract = builder.build(retraction, NOW, "test", true);

        // Same requests for everything but the AdverseEvents (no status in R4, not sent on retraction).
        List<String> sentUrls = sent.getEntry().stream().filter(e -> !(e.getResource() instanceof AdverseEvent))
                .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl() + " " + e.getFullUrl()).toList();
        assertThat(retract.getEntry()).extracting(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl() + " " + e.getFullUrl())
                .containsExactlyElementsOf(sentUrls); // status entered-in-error, same source.system + sessionId
        assertThat(resources(retract, AdverseEvent.class)).isEmpty(); // adverseEvents (no status in R4)

        // Patient, Practitioner, Organization: conditional create only, never changed.
        assertThat(retract.getEntry().subList(0, 3)).allSatisfy(e ->
                assertThat(e.getRequest().getMethod()).isEqualTo(HTTPVerb.POST)); // patient, practitioner, source.clinicId
        assertThat(resources(retract, Encounter.class)).allSatisfy(r ->
                assertThat(r.getStatus()).isEqualTo(Encounter.EncounterStatus.ENTEREDINERROR)); // status
        assertThat(resources(retract, Procedure.class)).allSatisfy(r ->
                assertThat(r.getStatus()).isEqualTo(Procedure.ProcedureStatus.ENTEREDINERROR)); // status
        assertThat(resources(retract, Observation.class)).hasSize(5).allSatisfy(r ->
                assertThat(r.getStatus()).isEqualTo(Observation.ObservationStatus.ENTEREDINERROR)); // status
        assertThat(resources(retract, Condition.class)).allSatisfy(r ->
                assertThat(r.getVerificationStatus().getCodingFirstRep().getCode()).isEqualTo("entered-in-error")); // status
        assertThat(resources(retract, Consent.class)).allSatisfy(r ->
                assertThat(r.getStatus()).isEqualTo(Consent.ConsentState.ENTEREDINERROR)); // status
        assertThat(resources(retract, Provenance.class).get(0).getActivity().getCodingFirstRep().getCode())
                .isEqualTo("UPDATE"); // status
    }

    @Test
    void conditionalUrlsEscapeSearchSeparators() {
        ImsSession session = TestSessions.example(json -> json.put("sessionId", "S,1|x y"));
        Bundle bundle = builder.build(session, NOW, "test", false);
        assertThat(bundle.getEntry().get(4).getRequest().getUrl())
                .isEqualTo("Encounter?identifier=https://westside-physio.example/pms/session|S%5C%2C1%5C%7Cx%20y"); // sessionId
        assertThat(((Encounter) bundle.getEntry().get(4).getResource()).getIdentifierFirstRep().getValue())
                .isEqualTo("S,1|x y"); // sessionId (the identifier itself is not escaped)
    }

    @Test
    void updateByIdExactlyForEmittedTypesWithoutAnIdentifierSearchParameter() {
        Bundle bundle = builder.build(TestSessions.example(this::addSeriousEvents), NOW, "test", true);
        Set<String> types = bundle.getEntry().stream().map(e -> e.getResource().fhirType()).collect(Collectors.toSet());
        assertThat(types).contains("AdverseEvent", "Provenance");
        for (String type : types) {
            boolean searchable = FHIR.getResourceDefinition(type).getSearchParam("identifier") != null;
            assertThat(EhrTransactionBuilder.NO_IDENTIFIER_SEARCH.contains(type)).as(type).isEqualTo(!searchable);
        }
        assertThat(bundle.getEntry()).allSatisfy(e -> assertThat(e.getRequest().getUrl())
                .startsWith(e.getResource().fhirType() + (EhrTransactionBuilder.NO_IDENTIFIER_SEARCH
                        .contains(e.getResource().fhirType()) ? "/" : e.getRequest().getMethod() == HTTPVerb.POST ? "" : "?identifier=")));
    }

    private void addSeriousEvents(com.fasterxml.jackson.databind.node.ObjectNode json) {
        ArrayNode events = (ArrayNode) json.get("adverseEvents");
        events.addObject().put("type", "pneumothorax").put("severity", "serious").put("onset", "2026-11-02T18:00:00-08:00");
        events.addObject().put("type", "fainting").put("severity", "significant").put("onset", "2026-11-02T10:10:00-08:00");
    }

    private static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream().map(BundleEntryComponent::getResource).filter(type::isInstance).map(type::cast).toList();
    }
}
