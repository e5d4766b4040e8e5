package org.imsfhir.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.ValidationContext;
import ca.uhn.fhir.validation.ValidationOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Patient;
import org.imsfhir.adapter.validation.compiled.CompiledValidator;
import org.imsfhir.adapter.validation.compiled.CompiledVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates what the adapter emits against the IMS profiles and FHIR R4, offline (docs/validation.md).
 *
 * <h2>Two validators</h2>
 * The {@link CompiledValidator} (the profiles compiled into rules once) judges each resource or
 * Bundle first and answers the valid ones alone. When it finds errors, or meets something it does
 * not cover, the HL7 instance validator ({@link Hl7Validation}: HAPI's {@code FhirInstanceValidator}
 * settings, pooled and reused HL7 validators, over the offline support chain) answers, so rejected
 * records carry the HL7 validator's own messages. {@link ProfileValidatorBuilder#compiled(boolean) compiled(false)}
 * makes the HL7 validator answer every call (the reference). {@link #paths()} counts which answered;
 * a {@link ReferenceSampler} may have the HL7 validator check a share of the compiled passes again.
 *
 * <h2>Offline, always</h2>
 * No remote terminology service, no resource fetcher (references resolve inside the Bundle only),
 * every package from the classpath; {@code ProfileValidatorNetworkGuardTest} proves that building,
 * warming and validating make no connection attempt.
 *
 * <h2>Strictness</h2>
 * Unknown profiles are errors; extensions must be defined (by the IMS package or R4 core);
 * best-practice recommendations are warnings. On top of the profiles, {@link EmittedProfileCheck}
 * makes a resource without an IMS {@code meta.profile} an error ({@code IMS_META_PROFILE_MISSING},
 * {@code IMS_META_PROFILE_NOT_IMS}). {@link SilencedIssues}: {@code dom-6} (no narrative) and "code
 * system unknown" for SNOMED CT, LOINC, ICD-10 variants and CPT are silenced warnings; errors never are.
 *
 * <h2>Threads and privacy</h2>
 * Thread-safe: share one instance ({@link #warmUp()} it at start-up). Issue messages may quote element
 * values (patient data): log {@link ValidationReport#toLogString()} only.
 */
public final class ProfileValidator {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileValidator.class);
    /** For {@link #validateJson}: keep what can be parsed, let the validator report the rest. */
    private static final LenientErrorHandler LENIENT = new LenientErrorHandler(false).setErrorOnInvalidValue(false);

    private final FhirContext ctx;
    private final ImsPackage imsPackage;
    private final Hl7Validation hl7;
    private final EmittedProfileCheck emittedCheck;
    /** Null when the HL7 validator answers every call ({@link ProfileValidatorBuilder#compiled(boolean)}). */
    private final CompiledValidator compiled;
    private final ValidationPaths paths = new ValidationPaths();
    private final ReferenceSampler sampler;
    private final Duration startUpTime;

    ProfileValidator(ProfileValidatorBuilder b, long startNanos) {
        this.ctx = b.ctx;
        this.imsPackage = b.imsPackage;
        this.sampler = b.sampler;

        List<IBaseResource> conformance = new ArrayList<>(imsPackage.conformanceResources());
        conformance.addAll(b.extraResources);
        ValidationSupportChain chain = Hl7Validation.offlineChain(ctx, conformance);
        this.hl7 = new Hl7Validation(chain, b.hapiValidatorPerCall, b.silencedIssues);

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

    public static ProfileValidatorBuilder builder(FhirContext ctx) {
        return new ProfileValidatorBuilder(ctx);
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
            sampler.compiledValid(hl7);
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
        if (compiled == null) {
            paths.hl7Only();
        } else {
            paths.hl7Unsupported(); // the model could not hold all of the text: only the HL7 validator sees it all
        }
        return report(ValidationContext.forText(ctx, json, new ValidationOptions()), parsed);
    }

    private ValidationReport report(IValidationContext<?> context, IBaseResource parsed) {
        Hl7Validation.Findings findings = hl7.validate(context);
        List<ValidationIssue> kept = new ArrayList<>(findings.kept());
        if (parsed != null) {
            kept.addAll(emittedCheck.check(parsed));
        }
        return new ValidationReport(kept, findings.silenced());
    }

    /**
     * Gets the validator that answers valid records ready before the first real one: with the
     * compiled validator, its rules, value set expansions and FHIRPath (the package examples once
     * through it: well under a second); without it, the HL7 validator ({@link #warmUpReference()}).
     *
     * @return how long warming took
     */
    public Duration warmUp() {
        if (compiled == null) {
            return warmUpReference();
        }
        long start = System.nanoTime();
        Collection<IBaseResource> examples = imsPackage.examples().values();
        examples.forEach(compiled::validate);
        Duration d = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("Compiled profile validator warmed on {} example(s) in {} ms", examples.size(), d.toMillis());
        return d;
    }

    /**
     * Validates every example of the package once with the HL7 validator (or a minimal Patient if
     * there is none), so that its snapshots, value set expansions and FHIRPath caches are built
     * before the first record it has to word errors for (several seconds).
     *
     * @return how long warming took
     */
    public Duration warmUpReference() {
        long start = System.nanoTime();
        Collection<IBaseResource> examples = imsPackage.examples().values();
        if (examples.isEmpty()) {
            report(ValidationContext.forResource(ctx, new Patient(), new ValidationOptions()), new Patient());
        } else {
            examples.forEach(e -> report(ValidationContext.forResource(ctx, e, new ValidationOptions()), e));
        }
        Duration d = Duration.ofNanos(System.nanoTime() - start);
        LOG.info("HL7 profile validator warmed on {} example(s) in {} ms", Math.max(1, examples.size()), d.toMillis());
        return d;
    }

    /** Whether the compiled validator judges first (else the HL7 validator answers every call). */
    public boolean compiledFirst() {
        return compiled != null;
    }

    /** HL7 validators built so far by the pool (0 with {@link ProfileValidatorBuilder#hapiValidatorPerCall}); for tests. */
    int instanceValidatorsCreated() {
        return hl7.pooled() == null ? 0 : hl7.pooled().validatorsCreated();
    }

    /** Slice tries answered "no match" without the HL7 validator's FHIRPath test so far; for tests. */
    long sliceTriesSkipped() {
        return hl7.pooled() == null ? 0 : hl7.pooled().sliceTriesSkipped();
    }

    /** Entries the idle pooled validators still hold from earlier calls (0 expected); for tests. */
    int instanceValidatorsRetainedEntries() {
        return hl7.pooled() == null ? 0 : hl7.pooled().retainedEntries();
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
}
