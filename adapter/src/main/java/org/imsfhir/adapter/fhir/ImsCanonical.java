package org.imsfhir.adapter.fhir;

/**
 * Canonical URLs of the IMS FHIR package (profiles module). Mappers, the validator and the
 * package resources must agree on these; {@code ImsCanonicalTest} checks each one resolves to a
 * resource in the package.
 */
public final class ImsCanonical {
    private ImsCanonical() {
    }

    public static final String BASE = "https://ims-fhir-adapter.github.io/ig";
    public static final String PACKAGE_ID = "imsfhir.ims";

    private static String sd(String id) {
        return BASE + "/StructureDefinition/" + id;
    }

    private static String cs(String id) {
        return BASE + "/CodeSystem/" + id;
    }

    /** Identifier namespace suffixes appended to {@code source.system} for business identifiers. */
    public static final class IdentifierSuffix {
        private IdentifierSuffix() {
        }

        public static final String PATIENT = "/patient";
        public static final String PRACTITIONER = "/practitioner";
        public static final String ORGANIZATION = "/clinic";
        public static final String SESSION = "/session";
        public static final String PRACTITIONER_ROLE = "/practitioner-role";
        /** Claim.identifier system: {@code source.system} + this, value the sessionId (one claim per session). */
        public static final String CLAIM = "/claim";
        /** Consent.policy.uri of the needling consent: {@code source.system} + this. */
        public static final String CONSENT_POLICY_NEEDLING = "/consent-policy/needling";
    }

    /**
     * Placeholder identifier namespaces (issuer code appended, e.g. {@code .../sid/licence/CA-BC}),
     * to be mapped to each jurisdiction's official NamingSystem before go-live.
     */
    public static final class Sid {
        private Sid() {
        }

        public static final String HEALTH_NUMBER = BASE + "/sid/health-number/";
        public static final String LICENCE = BASE + "/sid/licence/";
        /** Registry feeds: pseudonymous patient identifiers, registry id appended. */
        public static final String REGISTRY_PSEUDONYM = BASE + "/sid/registry-pseudonym/";
        /** Insurer Organization.identifier system; value the configured payerId. */
        public static final String PAYER = BASE + "/sid/payer";
        /** Default member-id namespace of a payer (payerId appended) when its configuration names none. */
        public static final String MEMBER_ID = BASE + "/sid/member-id/";
    }

    /**
     * HL7 terminology codes the adapter emits that HAPI's generated enums get wrong or lack
     * (HAPI's V3DataOperation gives lower-case codes; the code system's codes are upper case).
     */
    public static final class Hl7 {
        private Hl7() {
        }

        public static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
        /** v2-0203 JHN Jurisdictional health number (Canada). */
        public static final String V2_0203_JHN = "JHN";
        public static final String V2_0203_JHN_DISPLAY = "Jurisdictional health number (Canada)";
        public static final String V3_DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
        public static final String V3_DATA_OPERATION_CREATE = "CREATE";
        public static final String V3_DATA_OPERATION_CREATE_DISPLAY = "create";
        public static final String V3_DATA_OPERATION_UPDATE = "UPDATE";
        public static final String V3_DATA_OPERATION_UPDATE_DISPLAY = "revise";
    }

    // Profiles: every resource the adapter emits carries one of these in meta.profile.
    public static final String PROFILE_PATIENT = sd("ims-patient");
    public static final String PROFILE_PRACTITIONER = sd("ims-practitioner");
    public static final String PROFILE_PRACTITIONER_ROLE = sd("ims-practitioner-role");
    public static final String PROFILE_ORGANIZATION = sd("ims-clinic");
    public static final String PROFILE_ENCOUNTER = sd("ims-encounter");
    public static final String PROFILE_CONDITION = sd("ims-diagnosis");
    public static final String PROFILE_PROCEDURE = sd("ims-session-procedure");
    public static final String PROFILE_PAIN_SCORE = sd("ims-pain-score");
    public static final String PROFILE_ODI = sd("ims-odi-score");
    public static final String PROFILE_NDI = sd("ims-ndi-score");
    public static final String PROFILE_PSFS = sd("ims-psfs-score");
    public static final String PROFILE_RANGE_OF_MOTION = sd("ims-range-of-motion");
    public static final String PROFILE_CONSENT = sd("ims-consent");
    public static final String PROFILE_ADVERSE_EVENT = sd("ims-adverse-event");
    public static final String PROFILE_PROVENANCE = sd("ims-provenance");
    public static final String PROFILE_CLAIM = sd("ims-claim");
    /** The pseudonymous Patient of registry feeds (no name, birth year only; see org.imsfhir.adapter.registry). */
    public static final String PROFILE_REGISTRY_PATIENT = sd("ims-registry-patient");
    public static final String PROFILE_COVERAGE = sd("ims-coverage");
    public static final String PROFILE_INSURER = sd("ims-insurer");

    // Extensions.
    public static final String EXT_NEEDLED_SITE = sd("ims-needled-site");
    public static final String EXT_NEEDLE_SPECIFICATION = sd("ims-needle-specification");
    public static final String EXT_ELECTRICAL_STIMULATION = sd("ims-electrical-stimulation");
    public static final String EXT_MEASUREMENT_TIMING = sd("ims-measurement-timing");
    public static final String EXT_SESSION_NUMBER = sd("ims-session-number");
    public static final String EXT_CONSENT_REFERENCE = sd("ims-consent-reference");
    /** Laterality qualifier on a bodySite CodeableConcept (same shape as mCODE's, our own URL). */
    public static final String EXT_LATERALITY = sd("ims-laterality");
    /** Spinal level(s) on a Condition.bodySite. */
    public static final String EXT_SPINAL_LEVEL = sd("ims-spinal-level");

    // Local code systems (profiles/src/main/resources/package/CodeSystem-*.json).
    public static final String CS_PROCEDURE = cs("ims-procedure");
    public static final String CS_MUSCLE = cs("ims-muscle");
    public static final String CS_SPINAL_SEGMENT = cs("ims-spinal-segment");
    public static final String CS_SITE_TYPE = cs("ims-site-type");
    public static final String CS_MEASUREMENT_TIMING = cs("ims-measurement-timing");
    public static final String CS_OUTCOME = cs("ims-outcome");
    public static final String CS_JOINT = cs("ims-joint");
    public static final String CS_MOVEMENT = cs("ims-movement");
    public static final String CS_ADVERSE_EVENT_TYPE = cs("ims-adverse-event-type");
    public static final String CS_ADVERSE_EVENT_SEVERITY = cs("ims-adverse-event-severity");
    public static final String CS_SIGN = cs("ims-sign");
    public static final String CS_QUALIFICATION = cs("ims-qualification");

    // External systems (verified; profiles/README.md, "Value sets").
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String CPT = "http://www.ama-assn.org/go/cpt";

    /** SNOMED CT 231082000 Dry needle acupuncture: the primary code of an IMS session. */
    public static final String SNOMED_DRY_NEEDLING = "231082000";
    public static final String SNOMED_LEFT = "7771000";
    public static final String SNOMED_RIGHT = "24028007";
    /** LOINC 72514-3 Pain severity - 0-10 verbal numeric rating [Score] - Reported. */
    public static final String LOINC_NPRS = "72514-3";
    /** LOINC 59284-0 Patient Consent. */
    public static final String LOINC_PATIENT_CONSENT = "59284-0";
    /** SNOMED CT 364564000 Range of joint movement (observable entity) [V1]. */
    public static final String SNOMED_RANGE_OF_JOINT_MOVEMENT = "364564000";

    /** Display texts of the verified external codes above (preferred terms of the verified codes). */
    public static final class Display {
        private Display() {
        }

        public static final String SNOMED_DRY_NEEDLING = "Dry needle acupuncture";
        public static final String SNOMED_LEFT = "Left";
        public static final String SNOMED_RIGHT = "Right";
        public static final String LOINC_NPRS = "Pain severity - 0-10 verbal numeric rating [Score] - Reported";
        public static final String LOINC_PATIENT_CONSENT = "Patient Consent";
        public static final String SNOMED_RANGE_OF_JOINT_MOVEMENT = "Range of joint movement";
    }
}
