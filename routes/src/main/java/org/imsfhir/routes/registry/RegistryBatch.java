package org.imsfhir.routes.registry;

import java.nio.file.Path;
import java.time.OffsetDateTime;

/** One stored registry batch (a row of {@code ims_registry_batch}). Carries no patient data. */
public record RegistryBatch(
        long id,
        String registry,
        String batchId,
        long fromMessageId,
        long toMessageId,
        BatchState state,
        int sessionCount,
        int resourceCount,
        Path stagingDir,
        String trigger,
        int attempts,
        OffsetDateTime nextAttemptAt,
        String lastError,
        OffsetDateTime transactionTime,
        OffsetDateTime createdAt,
        OffsetDateTime deliveredAt) {
}
