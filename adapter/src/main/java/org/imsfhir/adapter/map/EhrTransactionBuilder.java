package org.imsfhir.adapter.map;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.SessionStatus;
import org.imsfhir.adapter.terminology.Terminology;

/**
 * Assembles the EHR transaction Bundle of one (checked) session, as the profiles expect (profiles/README.md):
 * <ul>
 *   <li>fullUrls are name-based {@code urn:uuid}s of resource type + business identifier, and every
 *       reference between entries uses them;</li>
 *   <li>Patient, Practitioner, Organization: conditional create (POST + ifNoneExist), so existing
 *       master data is never overwritten;</li>
 *   <li>PractitionerRole and the session's resources: conditional update
 *       ({@code PUT Type?identifier=SYSTEM|VALUE}), so a resend changes nothing;</li>
 *   <li>AdverseEvent and Provenance, which R4 gives no {@code identifier} search parameter (Provenance
 *       not even the element): {@code PUT Type/<id>} with the resource id set to the name-based UUID of
 *       the business identifier, so a resend updates the same resource;</li>
 *   <li>an entered-in-error record updates the same resources with status entered-in-error
 *       (AdverseEvent has no status in R4 and is not sent).</li>
 * </ul>
 * Entry order: Patient, Practitioner, Organization, PractitionerRole, Encounter, Conditions,
 * Procedure, pain, outcome and range-of-motion Observations, Consent, AdverseEvents, Provenance.
 * Stateless and thread-safe: build one per process.
 */
public final class EhrTransactionBuilder {
    /**
     * Emitted resource types without an R4 {@code identifier} search parameter: a conditional URL cannot
     * find them, so they are updated by id ({@code EhrTransactionBuilderTest} checks this set against HAPI).
     */
    static final Set<String> NO_IDENTIFIER_SEARCH = Set.of("AdverseEvent", "Provenance");

    private final PatientMapper patients = new PatientMapper();
    private final PractitionerMapper practitioners;
    private final PractitionerRoleMapper roles = new PractitionerRoleMapper();
    private final OrganizationMapper organizations = new OrganizationMapper();
    private final EncounterMapper encounters = new EncounterMapper();
    private final ConditionMapper conditions;
    private final ProcedureMapper procedures;
    private final PainObservationMapper pain;
    private final OutcomeObservationMapper outcomes;
    private final RangeOfMotionObservationMapper rangeOfMotion;
    private final ConsentMapper consents = new ConsentMapper();
    private final AdverseEventMapper adverseEvents;
    private final ProvenanceMapper provenances = new ProvenanceMapper();

    public EhrTransactionBuilder(Terminology terminology) {
        Objects.requireNonNull(terminology, "terminology");
        this.practitioners = new PractitionerMapper(terminology);
        this.conditions = new ConditionMapper(terminology);
        this.procedures = new ProcedureMapper(terminology);
        this.pain = new PainObservationMapper(terminology);
        this.outcomes = new OutcomeObservationMapper(terminology);
        this.rangeOfMotion = new RangeOfMotionObservationMapper(terminology);
        this.adverseEvents = new AdverseEventMapper(terminology);
    }

    /**
     * @param now            Bundle.timestamp and Provenance.recorded
     * @param adapterVersion named in the Provenance assembler agent
     * @param withProvenance whether to add the Provenance entry
     */
    public Bundle build(ImsSession session, Instant now, String adapterVersion, boolean withProvenance) {
        BusinessIdentifiers ids = new BusinessIdentifiers(session);
        Bundle bundle = new Bundle();
        bundle.setType(BundleType.TRANSACTION);
        bundle.setTimestampElement(FhirTime.instant(now));
        List<String> targets = new ArrayList<>(16);

        create(bundle, targets, ids.patient(), patients.map(session, ids));
        create(bundle, targets, ids.practitioner(), practitioners.map(session, ids));
        create(bundle, targets, ids.organization(), organizations.map(session, ids));
        update(bundle, targets, ids.practitionerRole(), roles.map(session, ids));
        update(bundle, targets, ids.encounter(), encounters.map(session, ids));
        for (int i = 0; i < session.diagnoses().size(); i++) {
            update(bundle, targets, ids.conditions().get(i), conditions.map(session, i, ids));
        }
        update(bundle, targets, ids.procedure(), procedures.map(session, ids));
        pain.map(session, ids, MeasurementTiming.PRE).ifPresent(o -> update(bundle, targets, ids.painPre(), o));
        pain.map(session, ids, MeasurementTiming.POST).ifPresent(o -> update(bundle, targets, ids.painPost(), o));
        for (int i = 0; i < session.outcomes().size(); i++) {
            update(bundle, targets, ids.outcomes().get(i), outcomes.map(session, i, ids));
        }
        for (int i = 0; i < session.rangeOfMotion().size(); i++) {
            BusinessId pre = ids.rangeOfMotionPre().get(i);
            BusinessId post = ids.rangeOfMotionPost().get(i);
            rangeOfMotion.map(session, i, ids, MeasurementTiming.PRE).ifPresent(o -> update(bundle, targets, pre, o));
            rangeOfMotion.map(session, i, ids, MeasurementTiming.POST).ifPresent(o -> update(bundle, targets, post, o));
        }
        if (session.consent() != null) {
            update(bundle, targets, ids.consent(), consents.map(session, ids));
        }
        if (session.status() != SessionStatus.ENTERED_IN_ERROR) {
            for (int i = 0; i < session.adverseEvents().size(); i++) {
                BusinessId id = ids.adverseEvents().get(i);
                adverseEvents.map(session, i, ids).ifPresent(ae -> update(bundle, targets, id, ae));
            }
        }
        if (withProvenance) {
            Provenance provenance = provenances.map(session, ids, List.copyOf(targets), now, adapterVersion);
            update(bundle, targets, ids.provenance(), provenance);
        }
        return bundle;
    }

    private static void create(Bundle bundle, List<String> targets, BusinessId id, Resource resource) {
        bundle.addEntry()
                .setFullUrl(id.fullUrl())
                .setResource(resource)
                .getRequest()
                .setMethod(HTTPVerb.POST)
                .setUrl(id.resourceType())
                .setIfNoneExist(id.searchQuery());
        targets.add(id.fullUrl());
    }

    private static void update(Bundle bundle, List<String> targets, BusinessId id, Resource resource) {
        String url;
        if (NO_IDENTIFIER_SEARCH.contains(id.resourceType())) {
            resource.setId(id.uuid().toString());
            url = id.resourceType() + "/" + id.uuid();
        } else {
            url = id.conditionalUrl();
        }
        bundle.addEntry()
                .setFullUrl(id.fullUrl())
                .setResource(resource)
                .getRequest()
                .setMethod(HTTPVerb.PUT)
                .setUrl(url);
        targets.add(id.fullUrl());
    }
}
