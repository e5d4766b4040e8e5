package org.imsfhir.routes.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What a replay did to one delivery: REPLAYED, UNCHANGED (it was not DEAD), SUPERSEDED or NOT_FOUND. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReplayAnswer(String deliveryId, String outcome, String status) {
}
