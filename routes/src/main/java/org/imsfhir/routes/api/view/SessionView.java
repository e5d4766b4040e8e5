package org.imsfhir.routes.api.view;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /ims/sessions/{id}}: one session message, its stages, its OperationOutcome, its
 * deliveries and audit trail; {@code details} holds what features add by name ({@code claims},
 * {@code registryExclusions}), written as fields of their own.
 */
@JsonPropertyOrder({"id", "intakeId", "recordIndex", "sessionKey", "status", "receivedAt", "updatedAt", "stages",
        "outcome", "deliveries"})
public record SessionView(
        String id,
        long intakeId,
        int recordIndex,
        String sessionKey,
        String status,
        @JsonInclude(JsonInclude.Include.NON_NULL) String receivedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String updatedAt,
        List<StageView> stages,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode outcome,
        List<DeliveryView> deliveries,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> details,
        List<AuditView> audit) {

    @JsonAnyGetter
    public Map<String, Object> detailFields() {
        return details;
    }
}
