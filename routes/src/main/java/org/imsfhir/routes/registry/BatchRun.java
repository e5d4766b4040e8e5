package org.imsfhir.routes.registry;

/**
 * What one run of a registry feed did: delivered a batch (new or one left open), scheduled a retry
 * of it, gave it up (DEAD), found nothing new, or was blocked by a DEAD batch that needs a replay
 * (a later batch must not overtake it: no gaps).
 */
public record BatchRun(String registry, Result result, RegistryBatch batch) {
    public enum Result { DELIVERED, EMPTY, RETRY_SCHEDULED, DEAD, NOTHING_NEW, BLOCKED, BUSY }
}
