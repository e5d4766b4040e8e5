package org.imsfhir.routes.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/** A session a registry left out of a batch: state, short reason, the OperationOutcome (FHIR JSON). */
public record ExclusionView(
        String registry,
        long messageId,
        String sessionKey,
        String state,
        String reason,
        String excludedInBatch,
        int attempts,
        @JsonInclude(JsonInclude.Include.NON_NULL) String closedInBatch,
        JsonNode outcome,
        String updatedAt) {
}
