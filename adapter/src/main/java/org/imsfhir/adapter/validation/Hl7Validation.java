package org.imsfhir.adapter.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.hl7.fhir.utilities.validation.ValidationMessage;

/**
 * The HL7 instance validator side of {@link ProfileValidator}: the offline support chain both
 * validators share, the pooled HL7 validators (HAPI's validator as such for XML text and for
 * comparisons), and the conversion of HL7 messages into {@link ValidationIssue}s, silenced or kept.
 */
final class Hl7Validation {

    /** The HL7 validator adds readability comments to paths: {@code entry[2].resource/*Procedure/null*}{@code /}. */
    private static final Pattern PATH_COMMENT = Pattern.compile("/\\*.*?\\*/");

    /** What the HL7 validator found, split by the silencing rules. */
    record Findings(List<ValidationIssue> kept, List<ValidationIssue> silenced) {
    }

    private final OfflineInstanceValidator instanceValidator;
    /** Null when HAPI's validator is asked on every call (comparisons only). */
    private final PooledInstanceValidator pooled;
    private final SilencedIssues silencedIssues;

    Hl7Validation(ValidationSupportChain chain, boolean hapiValidatorPerCall, SilencedIssues silencedIssues) {
        this.silencedIssues = silencedIssues;
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
        this.pooled = hapiValidatorPerCall ? null : new PooledInstanceValidator(chain);
    }

    /** The offline chain over R4 core and the given conformance resources (see docs/validation.md). */
    static ValidationSupportChain offlineChain(FhirContext ctx, List<IBaseResource> conformance) {
        PrePopulatedValidationSupport packageSupport = new PrePopulatedValidationSupport(ctx);
        conformance.forEach(packageSupport::addResource);
        List<IValidationSupport> supports = List.of(
                new DefaultProfileValidationSupport(ctx),
                packageSupport,
                new SnapshotGeneratingValidationSupport(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx));
        // The chain's own (Caffeine) cache. Note: CacheConfiguration.disabled() is not an option in HAPI
        // 8.8.1: the instance validator then fails every resource ("unknown resource name").
        return new ValidationSupportChain(ValidationSupportChain.CacheConfiguration.defaultValues(), supports);
    }

    Findings validate(IValidationContext<?> context) {
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
        return new Findings(kept, silenced);
    }

    PooledInstanceValidator pooled() {
        return pooled;
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
}
