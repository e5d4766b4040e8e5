package org.imsfhir.routes.registry;

/**
 * What one run of a registry feed did: delivered a batch (new or one left open), scheduled a retry
 * of it, gave it up (DEAD), found nothing new, or was blocked by a DEAD batch that needs a replay
 * (a later batch must not overtake it: no gaps).
 *
 * <p>{@code more}: the batch reached the feed's {@code max-records-per-batch} and judged records
 * wait beyond it, so the scheduled run cuts the next batch at once.
 */
public record BatchRun(String registry, Result result, RegistryBatch batch, boolean more) {
    public enum Result { DELIVERED, EMPTY, RETRY_SCHEDULED, DEAD, NOTHING_NEW, BLOCKED, BUSY }

    public BatchRun(String registry, Result result, RegistryBatch batch) {
        this(registry, result, batch, false);
    }

    BatchRun withMore(boolean more) {
        return new BatchRun(registry, result, batch, more);
    }

    /** A new batch went out (or moved the watermark) and more wait: worth another cut now. */
    boolean cutAgain() {
        return more && (result == Result.DELIVERED || result == Result.EMPTY);
    }
}
