package org.imsfhir.routes.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What running or replaying a registry feed did, and the batch concerned. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchRunAnswer(String registry, String result, RegistryBatchView batch) {
}
