package org.imsfhir.routes.registry;

import java.time.OffsetDateTime;

/**
 * A consenting VALID session that a registry batch left out (a row of {@code ims_registry_exclusion}):
 * its registry resources failed their IMS profile, or its stored record could not be read again.
 * {@code outcome} is the OperationOutcome JSON of the reasons (validator locations and message ids).
 * OPEN until a later batch sends it ({@code RESENT}), a later record of the same session reaches a
 * batch ({@code SUPERSEDED}) or the patient's consent is withdrawn ({@code WITHDRAWN});
 * {@code resolvedBatchId} names that batch. Carries no patient data.
 */
public record RegistryExclusion(
        long id,
        String registry,
        long messageId,
        String sessionKey,
        String batchId,
        State state,
        String reason,
        String outcome,
        int attempts,
        String resolvedBatchId,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public enum State { OPEN, RESENT, SUPERSEDED, WITHDRAWN }

    @Override
    public String toString() {
        return "RegistryExclusion[" + registry + ", message " + messageId + ", " + sessionKey + ", " + state + "]";
    }
}
