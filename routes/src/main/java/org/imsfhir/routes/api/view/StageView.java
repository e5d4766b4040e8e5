package org.imsfhir.routes.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A stage a session message reached (RECEIVED, REJECTED, VALID, EDITED, ...) and when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageView(String stage, String at) {
}
