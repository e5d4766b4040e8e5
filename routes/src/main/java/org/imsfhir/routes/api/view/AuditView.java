package org.imsfhir.routes.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One state change in a session's trail (of the message, or of one of its deliveries: then with
 * the delivery's id and destination); {@code from} is null for the first stage.
 */
public record AuditView(
        @JsonInclude(JsonInclude.Include.NON_NULL) String deliveryId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String destination,
        String from,
        String to,
        @JsonInclude(JsonInclude.Include.NON_NULL) String actor,
        @JsonInclude(JsonInclude.Include.NON_NULL) String detail,
        @JsonInclude(JsonInclude.Include.NON_NULL) String at) {
}
