package org.imsfhir.adapter.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Gson;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.common.hapi.validation.validator.FhirDefaultPolicyAdvisor;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.elementmodel.Element;
import org.hl7.fhir.r5.model.Base.ValidationMode;
import org.hl7.fhir.r5.model.ElementDefinition;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r5.model.StructureDefinition.TypeDerivationRule;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.validation.BaseValidator.BooleanHolder;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.hl7.fhir.validation.instance.ResourcePercentageLogger;
import org.hl7.fhir.validation.instance.utils.ElementInfo;
import org.hl7.fhir.validation.instance.utils.NodeStack;
import org.hl7.fhir.validation.instance.utils.ValidationContext;
import org.imsfhir.adapter.fhir.ImsCanonical;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HL7 instance validator with the settings and message handling of HAPI's
 * {@code FhirInstanceValidator} (8.8.1), but without its fixed cost per call.
 *
 * <p>HAPI builds a new HL7 {@link InstanceValidator} for every validation; its constructor parses the
 * OID registry of org.hl7.fhir.utilities (1.5 MB of CSV) and builds a FHIRPath engine, about 10 ms of
 * CPU whatever is validated. Here validators are kept in a small pool over one shared HAPI worker
 * context: a call borrows one, validates, and gives it back; a thread never shares a validator with
 * another thread while it validates. The worker context and the support chain under it are the ones
 * HAPI itself shares between threads.
 *
 * <p>What a reused HL7 validator could carry from one call to the next, and what is done about it:
 * <ul>
 *   <li>its main entry point already clears its per-validation state (fetch cache, resource tracker,
 *   tracked messages, execution id);</li>
 *   <li>the "depends on a deprecated / withdrawn / retired definition" hints are reported once per
 *   validator, not once per call: that set is cleared before every call, so each call reports what a
 *   fresh validator would;</li>
 *   <li>a few internal collections only grow, and some hold the parsed content of every call (the
 *   codings seen, for an IPS check that is off here; texts for an AI display check, off here; narrative
 *   id maps): they are emptied after every call, through reflection where the validator offers no
 *   method, in {@link Hl7ValidatorInternals} ({@link #CLEANUP_COMPLETE} says whether this HL7 version has them all; if not, validators
 *   are retired after {@value #USES_PER_VALIDATOR_UNCLEANED} calls instead of
 *   {@value #USES_PER_VALIDATOR});</li>
 *   <li>a validator that threw is dropped, never reused.</li>
 * </ul>
 * {@code PooledInstanceValidatorTest} checks that the messages are those of HAPI's validator, call
 * after call, on the package examples, the sample Bundles and the must-fail variants.
 *
 * <p>JSON input only; XML is left to HAPI's own path by the caller.
 */
final class PooledInstanceValidator {

    private static final Logger LOG = LoggerFactory.getLogger(PooledInstanceValidator.class);

    /** Calls per validator before it is dropped for a fresh one (bounds anything else it may keep). */
    static final int USES_PER_VALIDATOR = 1000;
    /** The same when the growing collections cannot be emptied (an HL7 version that renamed them). */
    static final int USES_PER_VALIDATOR_UNCLEANED = 20;

    /** Whether every growing collection is found and can be emptied after each call ({@link Hl7ValidatorInternals}). */
    static final boolean CLEANUP_COMPLETE = Hl7ValidatorInternals.complete();
    private static final int USES = CLEANUP_COMPLETE ? USES_PER_VALIDATOR : USES_PER_VALIDATOR_UNCLEANED;

    private static final Gson GSON = new Gson();

    private final WorkerContextValidationSupportAdapter workerContext;
    private final ExtensionSliceUrls sliceUrls;
    private final ConcurrentLinkedDeque<Reusable> idle = new ConcurrentLinkedDeque<>();
    private final int maxIdle;
    private final AtomicInteger created = new AtomicInteger();

    PooledInstanceValidator(IValidationSupport support) {
        this.workerContext = new CachingWorkerContext(Objects.requireNonNull(support, "support"));
        this.sliceUrls = new ExtensionSliceUrls(workerContext);
        // Idle validators kept for reuse: enough for every core to validate at once, not more.
        this.maxIdle = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
    }

    /** How many HL7 validators this pool has built so far (for tests and diagnostics). */
    int validatorsCreated() {
        return created.get();
    }

    /** Slice tries answered "no match" by url without the validator's FHIRPath test (for tests). */
    long sliceTriesSkipped() {
        return sliceUrls.skipped();
    }

    /** Entries left in the growing collections of the idle validators (0 when cleanup works); for tests. */
    int retainedEntries() {
        int n = 0;
        for (Reusable v : idle) {
            n += Hl7ValidatorInternals.retained(v);
        }
        return n;
    }


    /** Validates JSON content; the same messages as HAPI's {@code FhirInstanceValidator#validate}. */
    List<ValidationMessage> validate(IValidationContext<?> context) {
        if (context.getResourceAsStringEncoding() != EncodingEnum.JSON) {
            throw new IllegalArgumentException("JSON only: " + context.getResourceAsStringEncoding());
        }
        String input = context.getResourceAsString();

        // Profiles asked for in the options, then those of the top-level meta.profile (as HAPI does).
        List<StructureDefinition> profiles = new ArrayList<>();
        List<ValidationMessage> unknownProfiles = new ArrayList<>();
        for (String url : context.getOptions().getProfiles()) {
            addProfile(url, profiles, unknownProfiles);
        }
        JsonObject json = GSON.fromJson(input, JsonObject.class);
        JsonObject meta = json.getAsJsonObject("meta");
        JsonElement metaProfiles = meta == null ? null : meta.get("profile");
        if (metaProfiles != null && metaProfiles.isJsonArray()) {
            for (JsonElement url : (JsonArray) metaProfiles) {
                addProfile(url.getAsString(), profiles, unknownProfiles);
            }
        }

        List<ValidationMessage> messages = new ArrayList<>();
        Reusable v = borrow();
        boolean healthy = false;
        try {
            v.validateFresh(context.getOptions().getAppContext(), messages,
                    new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), profiles);
            healthy = true;
        } finally {
            giveBack(v, healthy);
        }

        if (profiles.isEmpty()) {
            messages.addAll(unknownProfiles);
        }
        // HAPI drops two message kinds and sets the level of "unknown profile" (errorForUnknownProfiles).
        List<ValidationMessage> out = new ArrayList<>(messages.size());
        for (ValidationMessage m : messages) {
            String id = m.getMessageId();
            if (I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE.equals(id)
                    || (I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND.equals(id)
                            && m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes"))) {
                continue;
            }
            if (I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(id)
                    || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(id)) {
                m.setLevel(ValidationMessage.IssueSeverity.ERROR);
            }
            out.add(m);
        }
        return out;
    }

    private void addProfile(String url, List<StructureDefinition> profiles, List<ValidationMessage> unknown) {
        try {
            StructureDefinition sd = workerContext.fetchResource(StructureDefinition.class, url);
            if (sd != null) {
                profiles.add(sd);
            } else {
                ValidationMessage m = new ValidationMessage();
                m.setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN);
                m.setLevel(ValidationMessage.IssueSeverity.ERROR);
                m.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
                unknown.add(m);
            }
        } catch (FHIRException e) {
            // as HAPI: a profile that cannot be loaded is skipped here and reported by the validator
        }
    }

    private Reusable borrow() {
        Reusable v = idle.pollFirst();
        return v != null ? v : newValidator();
    }

    private void giveBack(Reusable v, boolean healthy) {
        if (healthy && ++v.uses < USES && idle.size() < maxIdle) {
            v.forgetLastCall();
            idle.offerFirst(v);
        }
    }



    private Reusable newValidator() {
        Reusable v = new Reusable(workerContext, sliceUrls);
        // The settings HAPI's ValidatorWrapper applies, with the adapter's choices (see ProfileValidator).
        v.setAssumeValidRestReferences(false);
        v.setBestPracticeWarningLevel(BestPracticeWarningLevel.Warning);
        v.setAnyExtensionsAllowed(false);
        v.setResourceIdRule(IdStatus.OPTIONAL);
        v.setNoTerminologyChecks(false);
        v.setErrorForUnknownProfiles(true);
        v.setUnknownCodeSystemsCauseErrors(true); // fixed by HAPI (see its ValidatorWrapper)
        v.setFetcher(null); // never fetch anything by URL
        v.setPolicyAdvisor(new FhirDefaultPolicyAdvisor());
        v.setNoExtensibleWarnings(false);
        v.setNoBindingMsgSuppressed(false);
        v.setAllowExamples(false);
        v.setAllowXsiLocation(true);
        created.incrementAndGet();
        return v;
    }

    /**
     * An HL7 validator that starts every call as a fresh one would, as far as its messages go, and
     * that walks a Bundle entry carrying one IMS profile once instead of twice.
     *
     * <p>The HL7 validator walks each entry of a Bundle against its base type (with the type's special
     * checks) and then once more against each {@code meta.profile}. An IMS profile's snapshot is the base
     * type's with our constraints on top (generated from it, see PackageUpToDateTest), so the first walk
     * finds nothing the second does not. For an element whose only {@code meta.profile} is an IMS
     * profile constraining that base type, the first walk is made against the IMS profile (special
     * checks included) and the second is skipped. About half of a Bundle's cost; the reports keep
     * the same findings (PooledInstanceValidatorTest compares them with HAPI's validator).
     */
    private static final class Reusable extends InstanceValidator {
        int uses;
        private final WorkerContextValidationSupportAdapter worker;
        /** Elements of this call already walked against their IMS profile in place of their base type. */
        private final Map<Element, String> walkedAsProfile = new IdentityHashMap<>();
        private final ExtensionSliceUrls sliceUrls;

        Reusable(WorkerContextValidationSupportAdapter worker, ExtensionSliceUrls sliceUrls) {
            super(worker, new FhirInstanceValidator.NullEvaluationContext(), new XVerExtensionManagerOld(worker),
                    new ValidatorSession(), new ValidatorSettings());
            this.worker = worker;
            this.sliceUrls = sliceUrls;
        }

        @Override
        public boolean startInner(ValidationContext valContext, List<ValidationMessage> errors, Element resource, Element element,
                StructureDefinition defn, NodeStack stack, boolean checkSpecials, ResourcePercentageLogger pct,
                ValidationMode mode, boolean fromContained) {
            if (defn.getUrl().equals(walkedAsProfile.get(element))) {
                return true; // walked against this profile already, in place of the base type (its findings are in)
            }
            StructureDefinition profile = imsProfileInsteadOfBase(element, defn);
            if (profile != null) {
                walkedAsProfile.put(element, profile.getUrl());
                return super.startInner(valContext, errors, resource, element, profile, stack, checkSpecials, pct, mode,
                        fromContained);
            }
            return super.startInner(valContext, errors, resource, element, defn, stack, checkSpecials, pct, mode, fromContained);
        }

        /**
         * Skips the HL7 validator's FHIRPath test of an extension against a slice it cannot match.
         *
         * <p>The validator tries every child of an element against every slice of its definition; for an
         * extension sliced by url (every IMS extension and sub-extension) each failed try evaluates
         * {@code url = '...'} and formats a "does not match slice" hint that is never shown once another
         * slice matches. Here, when the extension's url is the url of another slice of the same slicing,
         * the try is answered "no match" without that work (the slice it does match is tested by the
         * validator as before, and an extension that matches no slice is left entirely to the validator).
         */
        @Override
        public boolean matchSlice(ValidationContext valContext, List<ValidationMessage> errors, List<ValidationMessage> sliceInfo,
                StructureDefinition profile, NodeStack stack, ElementDefinition slicer, List<ElementDefinition> slicerSlices,
                boolean unsupportedSlicing, List<String> problematicPaths, int sliceOffset, int i, StructureDefinition sd,
                ElementDefinition ed, boolean childUnsupportedSlicing, ElementInfo ei, BooleanHolder bh) {
            if (sliceUrls.cannotMatch(slicer, slicerSlices, ed, sd, ei)) {
                if (ei.getSlice() == null) {
                    ei.setAdditionalSlice(true); // as the validator does after a failed try
                }
                if (childUnsupportedSlicing) {
                    problematicPaths.add(ed.getPath());
                }
                return unsupportedSlicing;
            }
            return super.matchSlice(valContext, errors, sliceInfo, profile, stack, slicer, slicerSlices, unsupportedSlicing,
                    problematicPaths, sliceOffset, i, sd, ed, childUnsupportedSlicing, ei, bh);
        }

        /** The element's only meta.profile when it is an IMS profile constraining {@code defn}, a base resource type. */
        private StructureDefinition imsProfileInsteadOfBase(Element element, StructureDefinition defn) {
            if (defn.getDerivation() != TypeDerivationRule.SPECIALIZATION || defn.getKind() != StructureDefinitionKind.RESOURCE) {
                return null;
            }
            Element meta = element.getNamedChild("meta", false);
            List<Element> profiles = new ArrayList<>();
            if (meta != null) {
                meta.getNamedChildren("profile", profiles);
            }
            if (profiles.size() != 1 || profiles.get(0).primitiveValue() == null
                    || !profiles.get(0).primitiveValue().startsWith(ImsCanonical.BASE + "/StructureDefinition/")) {
                return null;
            }
            StructureDefinition sd = worker.fetchResource(StructureDefinition.class, profiles.get(0).primitiveValue());
            if (sd == null || sd.getDerivation() != TypeDerivationRule.CONSTRAINT || !sd.hasSnapshot()
                    || !defn.getType().equals(sd.getType()) || !derivesFrom(sd, defn.getUrl())) {
                return null;
            }
            return sd;
        }

        private boolean derivesFrom(StructureDefinition sd, String baseUrl) {
            StructureDefinition at = sd;
            for (int depth = 0; at != null && depth < 10; depth++) {
                if (baseUrl.equals(at.getBaseDefinition())) {
                    return true;
                }
                at = at.getBaseDefinition() == null ? null : worker.fetchResource(StructureDefinition.class, at.getBaseDefinition());
            }
            return false;
        }

        void validateFresh(Object appContext, List<ValidationMessage> messages, ByteArrayInputStream in,
                List<StructureDefinition> profiles) {
            statusWarnings.clear(); // "depends on deprecated/retired ..." hints: once per call, not per validator
            walkedAsProfile.clear();
            validate(appContext, messages, in, FhirFormat.JSON, profiles);
        }

        /** Lets go of what the last call left in the validator's growing collections. */
        void forgetLastCall() {
            walkedAsProfile.clear();
            Hl7ValidatorInternals.forget(this);
        }
    }
}
