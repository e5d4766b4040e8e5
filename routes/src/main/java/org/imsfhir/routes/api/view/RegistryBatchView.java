package org.imsfhir.routes.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A registry batch: its id and state, the message range and counts it holds, its attempts; with the
 * sessions it left out ({@code excluded}) and earlier exclusions it closed ({@code closed}) in lists.
 * {@code nextAttemptAt} and {@code lastError} only for a batch not yet delivered ({@code retry} null
 * for a delivered one).
 */
public record RegistryBatchView(
        String batchId,
        String state,
        long fromMessageId,
        long toMessageId,
        int sessions,
        int resources,
        String trigger,
        int attempts,
        String transactionTime,
        String createdAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String deliveredAt,
        @JsonUnwrapped Retry retry,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ExclusionView> excluded,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<ExclusionView> closed) {

    /** When a batch not yet delivered is tried next, and why the last attempt failed (null when none did). */
    public record Retry(String nextAttemptAt, String lastError) {
    }
}
