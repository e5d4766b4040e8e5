package org.imsfhir.adapter.engine;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.imsfhir.adapter.validation.ValidationIssue;
import org.imsfhir.adapter.validation.ValidationReport;

/**
 * What mapping and profile validation made of one checked record: the transaction Bundle (JSON)
 * when valid, and an OperationOutcome with the errors (then no bundle) and the warnings. The
 * validator's own report is kept for callers that list its issues themselves (the command line);
 * null when the Bundle was not validated.
 */
public record Judgement(String bundleJson, OperationOutcome outcome, ValidationReport report) {

    public Judgement(String bundleJson, OperationOutcome outcome) {
        this(bundleJson, outcome, null);
    }

    public boolean valid() {
        return bundleJson != null;
    }

    /** The validator's errors (none when not validated). */
    public List<ValidationIssue> errors() {
        return report == null ? List.of() : report.errors();
    }
}
