package org.imsfhir.adapter.map;

import static org.imsfhir.adapter.fhir.ImsCanonical.IdentifierSuffix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.imsfhir.adapter.record.Diagnosis;
import org.imsfhir.adapter.record.HealthNumber;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.Licence;
import org.imsfhir.adapter.record.OutcomeScore;
import org.imsfhir.adapter.record.RangeOfMotion;

/**
 * Every business identifier of one session's resources, derived from {@code source.system} and the
 * clinic's ids, one system per kind (profiles/README.md). Built once per conversion and shared by the
 * mappers and the bundle builder, so an entry's fullUrl and every reference to it agree.
 * List-valued ids are indexed like the record's lists.
 */
public final class BusinessIdentifiers {
    private final String sessionSystem;
    private final String sessionId;
    private final BusinessId patient;
    private final BusinessId practitioner;
    private final BusinessId practitionerRole;
    private final BusinessId organization;
    private final BusinessId encounter;
    private final BusinessId procedure;
    private final BusinessId painPre;
    private final BusinessId painPost;
    private final BusinessId consent;
    private final BusinessId provenance;
    private final List<BusinessId> conditions;
    private final List<BusinessId> outcomes;
    private final List<BusinessId> rangeOfMotionPre;
    private final List<BusinessId> rangeOfMotionPost;
    private final List<BusinessId> adverseEvents;

    public BusinessIdentifiers(ImsSession session) {
        String base = session.source().system();
        this.sessionSystem = base + IdentifierSuffix.SESSION;
        this.sessionId = session.sessionId();
        this.patient = new BusinessId("Patient", base + IdentifierSuffix.PATIENT, session.patient().id());
        this.practitioner = new BusinessId("Practitioner", base + IdentifierSuffix.PRACTITIONER,
                session.practitioner().id());
        this.practitionerRole = new BusinessId("PractitionerRole", base + IdentifierSuffix.PRACTITIONER_ROLE,
                session.practitioner().id());
        this.organization = new BusinessId("Organization", base + IdentifierSuffix.ORGANIZATION,
                session.source().clinicId());
        this.encounter = session("Encounter", "");
        this.procedure = session("Procedure", "");
        this.painPre = session("Observation", "/pain/pre");
        this.painPost = session("Observation", "/pain/post");
        this.consent = session("Consent", "/consent");
        this.provenance = session("Provenance", "/provenance");

        List<BusinessId> cond = new ArrayList<>(session.diagnoses().size());
        for (Diagnosis d : session.diagnoses()) {
            cond.add(session("Condition", "/diagnosis/" + d.system().code() + "/" + d.code()));
        }
        this.conditions = Collections.unmodifiableList(cond);
        requireDistinct("diagnoses", cond);

        List<BusinessId> out = new ArrayList<>(session.outcomes().size());
        for (OutcomeScore o : session.outcomes()) {
            out.add(session("Observation", "/outcome/" + o.instrument().localCode()));
        }
        this.outcomes = Collections.unmodifiableList(out);
        requireDistinct("outcomes", out);

        List<BusinessId> pre = new ArrayList<>(session.rangeOfMotion().size());
        List<BusinessId> post = new ArrayList<>(session.rangeOfMotion().size());
        for (RangeOfMotion r : session.rangeOfMotion()) {
            String stem = "/rom/" + r.joint() + "/" + r.movement() + "/" + (r.side() == null ? "na" : r.side().code());
            pre.add(session("Observation", stem + "/pre"));
            post.add(session("Observation", stem + "/post"));
        }
        this.rangeOfMotionPre = Collections.unmodifiableList(pre);
        this.rangeOfMotionPost = Collections.unmodifiableList(post);
        requireDistinct("rangeOfMotion", pre);

        List<BusinessId> ae = new ArrayList<>(session.adverseEvents().size());
        for (int i = 0; i < session.adverseEvents().size(); i++) {
            ae.add(session("AdverseEvent", "/adverse-event/" + i));
        }
        this.adverseEvents = Collections.unmodifiableList(ae);
    }

    /**
     * Two list items with the same business identifier would make two entries with one conditional
     * URL, which a server rejects or, worse, merges. The record checker should refuse such records;
     * this is the last line of defence. The message names field paths only (no codes, no patient data).
     */
    private static void requireDistinct(String field, List<BusinessId> ids) {
        for (int i = 1; i < ids.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (ids.get(i).value().equals(ids.get(j).value())) {
                    throw new IllegalArgumentException(field + "[" + i + "] has the same business key as "
                            + field + "[" + j + "]: one entry per key per session");
                }
            }
        }
    }

    private BusinessId session(String resourceType, String suffix) {
        return new BusinessId(resourceType, sessionSystem, sessionId + suffix);
    }

    public BusinessId patient() {
        return patient;
    }

    public BusinessId practitioner() {
        return practitioner;
    }

    public BusinessId practitionerRole() {
        return practitionerRole;
    }

    public BusinessId organization() {
        return organization;
    }

    public BusinessId encounter() {
        return encounter;
    }

    public BusinessId procedure() {
        return procedure;
    }

    public BusinessId painPre() {
        return painPre;
    }

    public BusinessId painPost() {
        return painPost;
    }

    public BusinessId consent() {
        return consent;
    }

    /** Provenance has no identifier element in R4; this id only names its fullUrl and resource id. */
    public BusinessId provenance() {
        return provenance;
    }

    /** One per {@code diagnoses[i]}. */
    public List<BusinessId> conditions() {
        return conditions;
    }

    /** One per {@code outcomes[i]}. */
    public List<BusinessId> outcomes() {
        return outcomes;
    }

    /** One per {@code rangeOfMotion[i]} (the degreesBefore Observation). */
    public List<BusinessId> rangeOfMotionPre() {
        return rangeOfMotionPre;
    }

    /** One per {@code rangeOfMotion[i]} (the degreesAfter Observation). */
    public List<BusinessId> rangeOfMotionPost() {
        return rangeOfMotionPost;
    }

    /** One per {@code adverseEvents[i]}, whether or not that event becomes an AdverseEvent. */
    public List<BusinessId> adverseEvents() {
        return adverseEvents;
    }

    /** The source record's own identifier ({@code source.system/session | sessionId}). */
    public Identifier sourceRecord() {
        return new Identifier().setSystem(sessionSystem).setValue(sessionId);
    }

    /** Health number identifier: placeholder namespace per issuer, type v2-0203#JHN. */
    public static Identifier healthNumber(HealthNumber number) {
        Identifier id = new Identifier()
                .setSystem(ImsCanonical.Sid.HEALTH_NUMBER + number.issuer())
                .setValue(number.value());
        id.setType(new CodeableConcept(new Coding(ImsCanonical.Hl7.V2_0203, ImsCanonical.Hl7.V2_0203_JHN,
                ImsCanonical.Hl7.V2_0203_JHN_DISPLAY)));
        return id;
    }

    /** Professional licence identifier: placeholder namespace per issuing jurisdiction. */
    public static Identifier licence(Licence licence) {
        return new Identifier().setSystem(ImsCanonical.Sid.LICENCE + licence.issuer()).setValue(licence.number());
    }
}
