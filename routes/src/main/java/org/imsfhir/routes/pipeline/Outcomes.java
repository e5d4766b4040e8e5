package org.imsfhir.routes.pipeline;

import ca.uhn.fhir.context.FhirContext;
import java.util.Collection;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.StringType;
import org.imsfhir.adapter.check.Violation;

/** OperationOutcomes for what the service tells a sender: field paths as issue expressions. */
public final class Outcomes {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private Outcomes() {
    }

    /** One issue per violation: its field path in {@code expression}, its reason in {@code diagnostics}. */
    public static OperationOutcome of(Collection<Violation> violations) {
        OperationOutcome outcome = new OperationOutcome();
        for (Violation v : violations) {
            OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                    .setSeverity(v.isError() ? IssueSeverity.ERROR : IssueSeverity.WARNING)
                    .setCode(v.isError() ? IssueType.INVALID : IssueType.INFORMATIONAL)
                    .setDiagnostics(v.toString());
            if (v.path() != null && !v.path().isEmpty()) {
                issue.addExpression(v.path());
            }
        }
        return outcome;
    }

    /** A single-issue outcome. */
    public static OperationOutcome single(IssueSeverity severity, IssueType code, String diagnostics, String expression) {
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(severity).setCode(code).setDiagnostics(diagnostics);
        if (expression != null) {
            issue.getExpression().add(new StringType(expression));
        }
        return outcome;
    }

    public static OperationOutcome error(IssueType code, String diagnostics) {
        return single(IssueSeverity.ERROR, code, diagnostics, null);
    }

    /** Appends the issues of {@code more} to {@code target}. */
    public static OperationOutcome merge(OperationOutcome target, OperationOutcome more) {
        if (more != null) {
            more.getIssue().forEach(i -> target.addIssue(i.copy()));
        }
        return target;
    }

    public static boolean hasErrors(OperationOutcome outcome) {
        return outcome.getIssue().stream().anyMatch(i -> i.getSeverity() == IssueSeverity.ERROR
                || i.getSeverity() == IssueSeverity.FATAL);
    }

    public static String toJson(OperationOutcome outcome) {
        return FHIR.newJsonParser().encodeResourceToString(outcome);
    }

    public static OperationOutcome fromJson(String json) {
        return FHIR.newJsonParser().parseResource(OperationOutcome.class, json);
    }
}
