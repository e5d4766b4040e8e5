package org.imsfhir.adapter.registry;

import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.adapter.record.SessionKey;

/**
 * One session as a registry receives it: its key (for logs and bookkeeping, never sent), the
 * patient's pseudonym, and the pseudonymous resources (Patient first), each with a resource id and
 * references of the form {@code Type/id}.
 */
public record RegistrySession(SessionKey sessionKey, String pseudonym, List<Resource> resources) {
    public RegistrySession {
        resources = List.copyOf(resources);
    }
}
