package org.imsfhir.routes.api.view;

import java.util.List;

/**
 * The shape of every error answer, for the API description: a FHIR R4 OperationOutcome
 * ({@code application/fhir+json}) whose issues name the field ({@code expression}) and the reason
 * ({@code diagnostics}). The service writes it with HAPI FHIR, not from this record.
 */
public record OperationOutcomeBody(String resourceType, List<Issue> issue) {

    /** One problem: severity (error, warning), FHIR issue type, reason, and the field path(s). */
    public record Issue(String severity, String code, String diagnostics, List<String> expression) {
    }
}
