package org.imsfhir.adapter.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The validator's own behaviour (result model, OperationOutcome, emitted-profile rule, silencing),
 * on a small placeholder profile so it does not depend on the IMS profiles' details.
 */
class ProfileValidatorTest {

    private static final String EXAMPLE = "/validation/placeholder-package/package/example/Procedure-placeholder.json";
    private static final FhirContext CTX = FhirContext.forR4Cached();
    private static ProfileValidator validator;

    @BeforeAll
    static void build() {
        validator = TestPackages.placeholderValidator(CTX).build();
        validator.warmUp();
    }

    private static String example() {
        return TestPackages.read(EXAMPLE);
    }

    @Test
    void validExampleHasNoErrorAndItsNarrativeWarningIsSilencedNotLost() {
        ValidationReport report = validator.validateJson(example());

        assertThat(report.errors()).isEmpty();
        assertThat(report.isValid()).isTrue();
        assertThat(report.issues()).noneMatch(i -> "dom-6".equals(i.invariant()));
        assertThat(report.silenced()).anyMatch(i -> "dom-6".equals(i.invariant()));
    }

    @Test
    void unknownLocalCodeIsAnErrorAtTheCodedElement() {
        ValidationReport report = validator.validateJson(example().replace("\"trapezius\"", "\"no-such-muscle\""));

        assertThat(report.isValid()).isFalse();
        assertThat(report.errors()).anySatisfy(i -> {
            assertThat(i.location()).isEqualTo("Procedure.bodySite[0]");
            assertThat(i.messageId()).isEqualTo("Terminology_TX_NoValid_1_CC");
            assertThat(i.code()).isEqualTo("code-invalid");
        });
    }

    @Test
    void failedInvariantCarriesItsKey() {
        ValidationReport report = validator.validateJson(example().replaceAll("\"performedPeriod\".*\\n", ""));

        assertThat(report.errors()).anySatisfy(i -> {
            assertThat(i.invariant()).isEqualTo("plh-1");
            assertThat(i.code()).isEqualTo("invariant");
            assertThat(i.location()).isEqualTo("Procedure");
        });
    }

    @Test
    void statusCodeTheModelCannotHoldIsStillReported() {
        ValidationReport report = validator.validateJson(example().replace("\"completed\"", "\"finished\""));

        assertThat(report.errors()).anySatisfy(i -> {
            assertThat(i.location()).isEqualTo("Procedure.status");
            assertThat(i.messageId()).isEqualTo("Terminology_TX_NoValid_16");
        });
    }

    @Test
    void resourceWithoutMetaProfileIsAnError() {
        Procedure p = (Procedure) CTX.newJsonParser().parseResource(example());
        p.getMeta().getProfile().clear();

        ValidationReport report = validator.validate(p);

        assertThat(report.errors()).singleElement().satisfies(i -> {
            assertThat(i.messageId()).isEqualTo(EmittedProfileCheck.MISSING);
            assertThat(i.location()).isEqualTo("Procedure");
            assertThat(i.code()).isEqualTo("required");
        });
    }

    @Test
    void resourceDeclaringOnlyANonImsProfileIsAnError() {
        Procedure p = (Procedure) CTX.newJsonParser().parseResource(example());
        p.getMeta().getProfile().clear();
        p.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/Procedure");

        ValidationReport report = validator.validate(p);

        assertThat(report.errors()).extracting(ValidationIssue::messageId, ValidationIssue::location)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(EmittedProfileCheck.NOT_IMS, "Procedure.meta.profile[0]"));
    }

    @Test
    void eachBundleEntryMustDeclareAnImsProfile() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Procedure ok = (Procedure) CTX.newJsonParser().parseResource(example());
        ok.setSubject(new org.hl7.fhir.r4.model.Reference("urn:uuid:6f0b9a8e-3c1d-4d7e-9a53-2d6f1f9e0a11"));
        bundle.addEntry().setFullUrl("urn:uuid:0d8d3c5e-6a0f-4d43-bb0a-6f7cf2b7a9e1").setResource(ok)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Procedure");
        bundle.addEntry().setFullUrl("urn:uuid:6f0b9a8e-3c1d-4d7e-9a53-2d6f1f9e0a11")
                .setResource(new Patient().setActive(true))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");

        ValidationReport report = validator.validate(bundle);

        assertThat(report.errors()).extracting(ValidationIssue::messageId, ValidationIssue::location)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(EmittedProfileCheck.MISSING, "Bundle.entry[1].resource"));
    }

    @Test
    void validatingTheEncodingAboutToBeSentReportsWhatValidatingTheResourceReports() {
        Procedure valid = (Procedure) CTX.newJsonParser().parseResource(example());
        Procedure broken = valid.copy();
        broken.getBodySiteFirstRep().getCodingFirstRep().setCode("no-such-muscle"); // from the JSON
        broken.getMeta().getProfile().clear(); // from the model (emitted-profile rule)

        for (Procedure p : java.util.List.of(valid, broken)) {
            String json = CTX.newJsonParser().encodeResourceToString(p);
            assertThat(validator.validateEncoded(p, json)).isEqualTo(validator.validate(p));
        }
        assertThat(validator.validateEncoded(broken, CTX.newJsonParser().encodeResourceToString(broken)).errors())
                .extracting(ValidationIssue::messageId)
                .contains(EmittedProfileCheck.MISSING).hasSizeGreaterThan(1);
    }

    @Test
    void operationOutcomeCarriesLocationMessageIdAndInvariant() {
        ValidationReport report = validator.validateJson(example()
                .replace("\"trapezius\"", "\"no-such-muscle\"").replaceAll("\"performedPeriod\".*\\n", ""));

        OperationOutcome oo = report.toOperationOutcome();

        assertThat(oo.getIssue()).hasSize(report.issues().size());
        assertThat(oo.getIssue()).anySatisfy(issue -> {
            assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.CODEINVALID);
            assertThat(issue.getExpression()).extracting(e -> e.getValue()).containsExactly("Procedure.bodySite[0]");
            assertThat(issue.getDetails().getCoding()).anySatisfy(c -> {
                assertThat(c.getSystem()).isEqualTo(ValidationReport.MESSAGE_ID_SYSTEM);
                assertThat(c.getCode()).isEqualTo("Terminology_TX_NoValid_1_CC");
            });
        });
        assertThat(oo.getIssue()).anySatisfy(issue -> {
            assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.INVARIANT);
            assertThat(issue.getDetails().getCoding()).anySatisfy(c -> {
                assertThat(c.getSystem()).isEqualTo(ValidationReport.INVARIANT_SYSTEM);
                assertThat(c.getCode()).isEqualTo("plh-1");
            });
        });
    }

    @Test
    void emptyReportGivesAnInformationalOperationOutcome() {
        OperationOutcome oo = new ValidationReport(java.util.List.of(), java.util.List.of()).toOperationOutcome();

        assertThat(oo.getIssue()).singleElement().satisfies(i -> {
            assertThat(i.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.INFORMATION);
            assertThat(i.getCode()).isEqualTo(OperationOutcome.IssueType.INFORMATIONAL);
        });
    }

    @Test
    void withoutSilencingTheNarrativeWarningShows() {
        ProfileValidator raw = TestPackages.placeholderValidator(CTX).silencedIssues(SilencedIssues.none()).build();

        ValidationReport report = raw.validateJson(example());

        assertThat(report.warnings()).anyMatch(i -> "dom-6".equals(i.invariant()));
        assertThat(report.silenced()).isEmpty();
    }

    @Test
    void silencingNeverHidesAnError() {
        ValidationIssue error = new ValidationIssue(ValidationIssue.Severity.ERROR, "Procedure",
                "http://hl7.org/fhir/StructureDefinition/DomainResource#dom-6", "invariant", "dom-6", "");
        ValidationIssue snomedWarning = new ValidationIssue(ValidationIssue.Severity.WARNING, "Procedure.code",
                "Terminology_PassThrough_TX_Message", "not-found", null,
                "CodeSystem is unknown and can't be validated: http://snomed.info/sct for 'http://snomed.info/sct#1'");
        ValidationIssue ownSystemWarning = new ValidationIssue(ValidationIssue.Severity.WARNING, "Procedure.code",
                "Terminology_PassThrough_TX_Message", "not-found", null,
                "CodeSystem is unknown and can't be validated: https://ims-fhir-adapter.github.io/ig/CodeSystem/x");

        SilencedIssues policy = SilencedIssues.standard();

        assertThat(policy.isSilenced(error)).isFalse();
        assertThat(policy.isSilenced(snomedWarning)).isTrue();
        assertThat(policy.isSilenced(ownSystemWarning)).isFalse();
    }

    @Test
    void logStringHasNoMessageText() {
        ValidationReport report = validator.validateJson(example().replace("\"trapezius\"", "\"no-such-muscle\""));

        assertThat(report.toLogString()).contains("Terminology_TX_NoValid_1_CC").doesNotContain("no-such-muscle");
    }
}
