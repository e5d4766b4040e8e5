package org.imsfhir.routes.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.imsfhir.adapter.validation.ValidationReport;
import org.imsfhir.routes.api.PhiRedaction;

/** The issues of a stored OperationOutcome as the console lists them, validator texts redacted as in the API. */
public final class OutcomeIssues {

    /**
     * One issue: severity, code, where (a record field path, or a FHIR location for the profile
     * validator's findings, {@code validator} true), and the text.
     */
    public record Issue(String severity, String code, String location, String text, boolean validator) {
    }

    private OutcomeIssues() {
    }

    public static List<Issue> of(String outcomeJson, boolean phi, ObjectMapper json) {
        List<Issue> issues = new ArrayList<>();
        if (outcomeJson == null || outcomeJson.isBlank()) {
            return issues;
        }
        JsonNode outcome;
        try {
            outcome = PhiRedaction.outcome(json.readTree(outcomeJson), phi);
        } catch (JsonProcessingException e) {
            return issues;
        }
        for (JsonNode issue : outcome.path("issue")) {
            JsonNode where = issue.path("expression").path(0);
            if (where.isMissingNode()) {
                where = issue.path("location").path(0);
            }
            String text = issue.path("diagnostics").asText(issue.path("details").path("text").asText(""));
            issues.add(new Issue(issue.path("severity").asText(""), issue.path("code").asText(""),
                    where.isMissingNode() ? "" : where.asText(), text, fromValidator(issue)));
        }
        return issues;
    }

    private static boolean fromValidator(JsonNode issue) {
        for (JsonNode coding : issue.path("details").path("coding")) {
            if (ValidationReport.MESSAGE_ID_SYSTEM.equals(coding.path("system").asText())) {
                return true;
            }
        }
        return false;
    }
}
