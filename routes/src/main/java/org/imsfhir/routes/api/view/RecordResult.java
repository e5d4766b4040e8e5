package org.imsfhir.routes.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One record of a payload: its index (and line, for NDJSON and CSV), the public id of the stored
 * message, its session key, VALID or REJECTED, where to ask for its state, and the OperationOutcome
 * (FHIR JSON) when there were issues.
 */
public record RecordResult(
        int index,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int line,
        String id,
        String sessionKey,
        String status,
        String statusUrl,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode outcome) {
}
