package org.imsfhir.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.ValidationContext;
import ca.uhn.fhir.validation.ValidationOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.imsfhir.adapter.validation.compiled.CompiledValidator;
import org.imsfhir.adapter.validation.compiled.CompiledVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates what the adapter emits against the IMS profiles and FHIR R4, offline.
 *
 * <h2>How it is built</h2>
 * One instance per process ({@link #standard()}), built from the IMS package on the classpath
 * ({@link ImsPackage#CLASSPATH_TGZ}) and the R4 core definitions shipped in HAPI's jars: the HL7
 * instance validator, with the settings and message handling of HAPI's {@code FhirInstanceValidator},
 * over a {@link ValidationSupportChain} with its (Caffeine) cache:
 * <ol>
 *   <li>{@code DefaultProfileValidationSupport}: R4 core StructureDefinitions, ValueSets, CodeSystems;</li>
 *   <li>{@code PrePopulatedValidationSupport}: the IMS package's StructureDefinitions, CodeSystems and
 *   ValueSets (the same as {@code NpmPackageValidationSupport}, fed from {@link ImsPackage} so the
 *   examples and the package metadata come from the same read);</li>
 *   <li>{@code SnapshotGeneratingValidationSupport}: snapshots for any profile shipped without one;</li>
 *   <li>{@code InMemoryTerminologyServerValidationSupport}: codes against our CodeSystems and enumerated
 *   ValueSets;</li>
 *   <li>{@code CommonCodeSystemsTerminologyService}: UCUM, languages, MIME types, countries, currencies.</li>
 * </ol>
 * Building takes a few seconds and the first validation is cold (several seconds more): call
 * {@link #warmUp()} at start-up so the first record does not pay for it. The JIT needs some more
 * (about 15-30 s of validation) before a Bundle costs its steady-state CPU time.
 *
 * <h2>Speed</h2>
 * HAPI's {@code FhirInstanceValidator} builds a new HL7 {@code InstanceValidator} for every call
 * (about 10-20 ms of CPU: its constructor parses the 1.5 MB OID registry of org.hl7.fhir.utilities).
 * Here HL7 validators are pooled and reused ({@link PooledInstanceValidator}), and the worker context
 * keeps the StructureDefinition look-ups of the (never changing) chain in a lock-free map
 * ({@link CachingWorkerContext}); {@code PooledInstanceValidatorTest} proves the reports are those of
 * HAPI's validator. XML text still goes through HAPI's validator as such. Figures:
 * docs/benchmarks-validation.md.
 *
 * <h2>Offline, always</h2>
 * No remote terminology service is in the chain, the validator has no resource fetcher (references
 * are resolved inside the Bundle only; nothing is fetched by URL), and every package comes from the
 * classpath. {@code ProfileValidatorNetworkGuardTest} proves that building, warming and validating
 * make no connection attempt.
 *
 * <h2>Strictness</h2>
 * Unknown profiles are errors ({@code errorForUnknownProfiles}); extensions must be defined (by the
 * IMS package or R4 core: {@code anyExtensionsAllowed = false}); best-practice recommendations are
 * warnings. On top of the profiles, {@link EmittedProfileCheck} makes a resource without an IMS
 * {@code meta.profile} an error ({@code IMS_META_PROFILE_MISSING}, {@code IMS_META_PROFILE_NOT_IMS}).
 *
 * <h2>Silenced warnings</h2>
 * Two kinds of warnings are silenced, see {@link SilencedIssues}: {@code dom-6} (no narrative: the
 * EHR renders structured data; a narrative would duplicate patient data unchecked) and "code system
 * unknown" for SNOMED CT, LOINC, ICD-10 variants and CPT (no terminology server offline; the codes
 * we may send are pinned by the profiles' value sets and patterns, which are checked). Errors are
 * never silenced; silenced warnings stay visible in {@link ValidationReport#silenced()}.
 *
 * <h2>Threads and privacy</h2>
 * Thread-safe: {@link #validate} may be called from many threads at once. Each call borrows an HL7
 * validator of its own from the pool (a new one when none is idle) and gives it back; the pool keeps at
 * most two idle validators per core; the worker context and the support chain are shared (thread-safe,
 * as in HAPI). Issue messages may quote element values (patient data): log
 * {@link ValidationReport#toLogString()} only.
 */
public final class ProfileValidator {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileValidator.class);
    /** The HL7 validator adds readability comments to paths: {@code entry[2].resource/*Procedure/null*}{@code /}. */
    private static final Pattern PATH_COMMENT = Pattern.compile("/\\*.*?\\*/");

    /** For {@link #validateJson}: keep what can be parsed, let the validator report the rest. */
    private static final LenientErrorHandler LENIENT = new LenientErrorHandler(false).setErrorOnInvalidValue(false);

    private final FhirContext ctx;
    private final ImsPackage imsPackage;
    private final ValidationSupportChain chain;
    private final OfflineInstanceValidator instanceValidator;
    /** Null when {@link Builder#hapiValidatorPerCall} asked for HAPI's validator on every call. */
    private final PooledInstanceValidator pooled;
    private final EmittedProfileCheck emittedCheck;
    private final SilencedIssues silencedIssues;
    /** Null when the HL7 validator answers every call ({@link Builder#compiled(boolean)}). */
    private final CompiledValidator compiled;
    private final ValidationPaths paths = new ValidationPaths();
    private final Duration startUpTime;

    private ProfileValidator(Builder b, long startNanos) {
        this.ctx = b.ctx;
        this.imsPackage = b.imsPackage;
        this.silencedIssues = b.silencedIssues;

        PrePopulatedValidationSupport packageSupport = new PrePopulatedValidationSupport(ctx);
        List<IBaseResource> conformance = new ArrayList<>(imsPackage.conformanceResources());
        conformance.addAll(b.extraResources);
        conformance.forEach(packageSupport::addResource);

        List<IValidationSupport> supports = List.of(
                new DefaultProfileValidationSupport(ctx),
                packageSupport,
                new SnapshotGeneratingValidationSupport(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx));
        // The chain's own (Caffeine) cache. Note: CacheConfiguration.disabled() is not an option in HAPI
        // 8.8.1: the instance validator then fails every resource ("unknown resource name").
        this.chain = new ValidationSupportChain(ValidationSupportChain.CacheConfiguration.defaultValues(), supports);

        // HAPI's validator as such: for XML text and for comparisons. PooledInstanceValidator applies
        // the same settings to its HL7 validators (keep both in step; PooledInstanceValidatorTest).
        OfflineInstanceValidator v = new OfflineInstanceValidator(chain);
        v.setErrorForUnknownProfiles(true);
        v.setAnyExtensionsAllowed(false);
        v.setBestPracticeWarningLevel(BestPracticeWarningLevel.Warning);
        v.setNoTerminologyChecks(false);
        v.setValidatorResourceFetcher(null); // never fetch anything by URL
        v.setAssumeValidRestReferences(false);
        this.instanceValidator = v;
        this.pooled = b.hapiValidatorPerCall ? null : new PooledInstanceValidator(chain);

        Map<String, String> profiles = new java.util.HashMap<>(imsPackage.resourceProfiles());
        for (IBaseResource r : b.extraResources) {
            if (r instanceof org.hl7.fhir.r4.model.StructureDefinition sd
                    && sd.getKind() == org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind.RESOURCE
                    && sd.getDerivation() == org.hl7.fhir.r4.model.StructureDefinition.TypeDerivationRule.CONSTRAINT) {
                profiles.put(sd.getUrl(), sd.getType());
            }
        }
        this.emittedCheck = new EmittedProfileCheck(profiles);
        if (b.compiled) {
            this.compiled = new CompiledValidator(ctx, chain);
            this.compiled.compile(conformance);
        } else {
            this.compiled = null;
        }
        this.startUpTime = Duration.ofNanos(System.nanoTime() - startNanos);
        LOG.info("Profile validator built from package {}#{} ({} conformance resources) in {} ms",
                imsPackage.name(), imsPackage.version(), conformance.size(), startUpTime.toMillis());
    }

    /** The process-wide validator over the classpath package, built on first use (not warmed). */
    public static ProfileValidator standard() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final ProfileValidator INSTANCE = builder(FhirContext.forR4Cached()).build();
    }

    public static Builder builder(FhirContext ctx) {
        return new Builder(ctx);
    }

    /**
     * Validates a resource or a Bundle (each entry against the profile in its meta.profile) and
     * applies the emitted-resource rule. Never throws for invalid content: problems come back as issues.
     */
    public ValidationReport validate(IBaseResource resource) {
        Objects.requireNonNull(resource, "resource");
        return compiledOr(resource, () -> report(ValidationContext.forResource(ctx, resource, new ValidationOptions()), resource));
    }

    /**
     * Validates {@code resource} through {@code json}, its JSON encoding that the caller is about to
     * send: the same report as {@link #validate(IBaseResource)} without encoding the resource again
     * (about 5 % of a Bundle's validation).
     */
    public ValidationReport validateEncoded(IBaseResource resource, String json) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(json, "json");
        return compiledOr(resource, () -> hl7Report(resource, json));
    }

    /** The HL7 validator's report on {@code json}, the encoding of {@code resource}, whatever the mode. */
    public ValidationReport hl7Report(IBaseResource resource, String json) {
        return report(ValidationContext.forText(ctx, json, new ValidationOptions()), resource);
    }

    /**
     * The compiled validator's verdict alone (null when it is switched off); for the background
     * comparison with the HL7 validator and for tests.
     */
    public CompiledVerdict compiledVerdict(IBaseResource resource) {
        return compiled == null ? null : compiled.validate(resource);
    }

    /** Counts of which validator answered, for metrics. */
    public ValidationPaths paths() {
        return paths;
    }

    /**
     * The compiled validator answers when it finds the resource valid; when it finds errors, or meets
     * something it does not cover, the HL7 validator writes the report (its messages are the ones
     * senders and tests know).
     */
    private ValidationReport compiledOr(IBaseResource resource, java.util.function.Supplier<ValidationReport> hl7) {
        if (compiled == null) {
            paths.hl7Only();
            return hl7.get();
        }
        CompiledVerdict verdict = compiled.validate(resource);
        if (verdict.valid()) {
            paths.compiledValid();
            return new ValidationReport(emittedCheck.check(resource), List.of());
        }
        if (verdict.judged()) {
            paths.hl7ForErrors();
        } else {
            paths.hl7Unsupported();
        }
        return hl7.get();
    }

    /**
     * Validates a resource or Bundle given as FHIR JSON text, as it would be sent. Content that the
     * HAPI model cannot even hold (an unknown status code, a string where a number belongs) is
     * reported as issues too, where {@link #validate(IBaseResource)} would need a parsed resource.
     */
    public ValidationReport validateJson(String json) {
        Objects.requireNonNull(json, "json");
        IBaseResource parsed = null;
        try {
            // Ids as written: HAPI would otherwise give each Bundle entry its fullUrl as id.
            parsed = ctx.newJsonParser().setParserErrorHandler(LENIENT).setOverrideResourceIdWithBundleEntryFullUrl(false)
                    .parseResource(json);
        } catch (RuntimeException e) {
            // Not even parseable leniently: the instance validator reports why.
        }
        IBaseResource model = parsed;
        if (compiled != null && model != null && EncodedForm.sameContent(ctx, model, json)) {
            return compiledOr(model, () -> report(ValidationContext.forText(ctx, json, new ValidationOptions()), model));
        }
        paths.hl7Unsupported(); // the model could not hold all of the text: only the HL7 validator sees it all
        return report(ValidationContext.forText(ctx, json, new ValidationOptions()), parsed);
    }

    private ValidationReport report(IValidationContext<?> context, IBaseResource parsed) {
        // JSON (what the adapter sends, and every model resource) goes to the pooled validators;
        // anything else (XML text) to HAPI's own path, which builds a validator per call.
        List<ValidationMessage> raw = pooled != null && context.getResourceAsStringEncoding() == EncodingEnum.JSON
                ? pooled.validate(context)
                : instanceValidator.validateRaw(context);
        List<ValidationIssue> kept = new ArrayList<>();
        List<ValidationIssue> silenced = new ArrayList<>();
        for (ValidationMessage m : raw) {
            ValidationIssue issue = toIssue(m);
            (silencedIssues.isSilenced(issue) ? silenced : kept).add(issue);
        }
        if (parsed != null) {
            kept.addAll(emittedCheck.check(parsed));
        }
        return new ValidationReport(kept, silenced);
    }

    /**
     * Validates every example of the package once (or a minimal Patient if it has none), so that
     * snapshots, value set expansions and FHIRPath caches are built before the first real record.
     *
     * @return how long warming took
     */
    public Duration warmUp() {
        long start = System.nanoTime();
        Collection<IBaseResource> examples = imsPackage.examples().values();
        if (examples.isEmpty()) {
            validate(new Patient());
        } else {
            examples.forEach(this::validate);
        }
        Duration d = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("Profile validator warmed on {} example(s) in {} ms", Math.max(1, examples.size()), d.toMillis());
        return d;
    }

    /** HL7 validators built so far by the pool (0 with {@link Builder#hapiValidatorPerCall}); for tests. */
    int instanceValidatorsCreated() {
        return pooled == null ? 0 : pooled.validatorsCreated();
    }

    /** Slice tries answered "no match" without the HL7 validator's FHIRPath test so far; for tests. */
    long sliceTriesSkipped() {
        return pooled == null ? 0 : pooled.sliceTriesSkipped();
    }

    /** Entries the idle pooled validators still hold from earlier calls (0 expected); for tests. */
    int instanceValidatorsRetainedEntries() {
        return pooled == null ? 0 : pooled.retainedEntries();
    }

    /** Time spent building this validator (package read excluded when the package was given). */
    public Duration startUpTime() {
        return startUpTime;
    }

    public ImsPackage imsPackage() {
        return imsPackage;
    }

    public FhirContext fhirContext() {
        return ctx;
    }

    private static ValidationIssue toIssue(ValidationMessage m) {
        ValidationIssue.Severity severity = switch (m.getLevel()) {
            case FATAL -> ValidationIssue.Severity.FATAL;
            case ERROR -> ValidationIssue.Severity.ERROR;
            case WARNING -> ValidationIssue.Severity.WARNING;
            default -> ValidationIssue.Severity.INFORMATION;
        };
        String location = m.getLocation() == null ? "" : PATH_COMMENT.matcher(m.getLocation()).replaceAll("");
        String code = m.getType() == null ? null : m.getType().toCode();
        // The validator names an invariant "<profile url>#<key>"; the key alone is what people know.
        String inv = m.getInvId() == null || m.getInvId().isBlank() ? null
                : m.getInvId().substring(m.getInvId().lastIndexOf('#') + 1);
        return new ValidationIssue(severity, location, m.getMessageId(), code, inv, m.getMessage());
    }

    /** Builds a {@link ProfileValidator}; defaults: the classpath package and the standard silencing. */
    public static final class Builder {
        private final FhirContext ctx;
        private ImsPackage imsPackage;
        private final List<IBaseResource> extraResources = new ArrayList<>();
        private SilencedIssues silencedIssues = SilencedIssues.standard();
        private boolean hapiValidatorPerCall;
        private boolean compiled = true;

        private Builder(FhirContext ctx) {
            this.ctx = Objects.requireNonNull(ctx, "ctx");
        }

        public Builder imsPackage(ImsPackage p) {
            this.imsPackage = p;
            return this;
        }

        /** Conformance resources to load besides the package (tests, placeholders). */
        public Builder addConformanceResources(Collection<? extends IBaseResource> resources) {
            extraResources.addAll(resources);
            return this;
        }

        public Builder silencedIssues(SilencedIssues s) {
            this.silencedIssues = Objects.requireNonNull(s);
            return this;
        }

        /**
         * For comparisons only (benchmark, equivalence tests): validate through HAPI's
         * {@code FhirInstanceValidator} as such, which builds a new HL7 validator for every call,
         * instead of the pooled, reused ones. Same messages, slower.
         */
        public Builder hapiValidatorPerCall(boolean perCall) {
            this.hapiValidatorPerCall = perCall;
            return this;
        }

        /**
         * Whether the compiled validator judges first (default) or the HL7 validator answers every
         * call (the reference; slower).
         */
        public Builder compiled(boolean compiled) {
            this.compiled = compiled;
            return this;
        }

        public ProfileValidator build() {
            long start = System.nanoTime();
            if (imsPackage == null) {
                imsPackage = ImsPackage.fromClasspath(ctx);
            }
            return new ProfileValidator(this, start);
        }
    }
}
