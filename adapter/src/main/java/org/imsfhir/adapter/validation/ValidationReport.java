package org.imsfhir.adapter.validation;

import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * What the {@link ProfileValidator} found in one resource or bundle. Immutable.
 *
 * <p>{@link #issues()} are the findings that count (errors, warnings, information). The issues the
 * validator silences by policy (see {@link SilencedIssues}) are kept apart in {@link #silenced()} so
 * nothing disappears without trace; they never make a report invalid.
 */
public record ValidationReport(List<ValidationIssue> issues, List<ValidationIssue> silenced) {

    /**
     * Code system of OperationOutcome.issue.details.coding: the validator's message id. Not a
     * CodeSystem resource of the package; the codes are the HL7 validator's message ids (its
     * {@code I18nConstants}) plus this module's own {@code IMS_*} ids.
     */
    public static final String MESSAGE_ID_SYSTEM = "https://ims-fhir-adapter.github.io/ig/validator-message-id";
    /** Code system of the second details coding when the issue is a failed invariant: its key. */
    public static final String INVARIANT_SYSTEM = "https://ims-fhir-adapter.github.io/ig/validator-invariant";

    public ValidationReport {
        issues = List.copyOf(issues);
        silenced = List.copyOf(silenced);
    }

    /** True when there is no error (warnings and information are allowed). */
    public boolean isValid() {
        return issues.stream().noneMatch(ValidationIssue::isError);
    }

    public List<ValidationIssue> errors() {
        return issues.stream().filter(ValidationIssue::isError).toList();
    }

    public List<ValidationIssue> warnings() {
        return issues.stream().filter(i -> i.severity() == ValidationIssue.Severity.WARNING).toList();
    }

    /**
     * The findings as a FHIR OperationOutcome: one issue per finding (silenced ones left out) with
     * severity, code (issue type), expression = location, details.coding = message id (and the
     * invariant key when there is one), diagnostics = the validator's text. An empty report gives a
     * single information issue "informational", as FHIR requires at least one issue.
     */
    public OperationOutcome toOperationOutcome() {
        OperationOutcome oo = new OperationOutcome();
        for (ValidationIssue issue : issues) {
            OperationOutcome.OperationOutcomeIssueComponent c = oo.addIssue();
            c.setSeverity(IssueSeverity.fromCode(issue.severity().code()));
            c.setCode(issueType(issue.code()));
            CodeableConcept details = new CodeableConcept();
            if (!issue.messageId().isEmpty()) {
                details.addCoding().setSystem(MESSAGE_ID_SYSTEM).setCode(issue.messageId());
            }
            if (issue.invariant() != null) {
                details.addCoding().setSystem(INVARIANT_SYSTEM).setCode(issue.invariant());
            }
            if (details.hasCoding()) {
                c.setDetails(details);
            }
            if (!issue.location().isEmpty()) {
                c.addExpression(issue.location());
            }
            if (!issue.message().isEmpty()) {
                c.setDiagnostics(issue.message());
            }
        }
        if (!oo.hasIssue()) {
            oo.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL)
                    .setDiagnostics("No issues found");
        }
        return oo;
    }

    private static IssueType issueType(String code) {
        try {
            return IssueType.fromCode(code);
        } catch (Exception e) {
            return IssueType.PROCESSING;
        }
    }

    /** Message ids and locations only (no English text, no values): safe to log. */
    public String toLogString() {
        return issues.stream().map(ValidationIssue::toLogString).collect(Collectors.joining("; "));
    }
}
