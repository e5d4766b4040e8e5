package org.imsfhir.routes.registry;

import java.util.Map;
import org.imsfhir.routes.api.ApiJson;
import org.imsfhir.routes.api.SessionStatusDetails;
import org.imsfhir.routes.store.StoredMessage;

/**
 * {@code "registryExclusions": [...]} in {@code GET /ims/sessions/{id}}: per registry that left this
 * record out of a batch, the state (OPEN, RESENT, SUPERSEDED, WITHDRAWN), the reason and the
 * validator's OperationOutcome. Empty when no registry left it out.
 */
public class RegistryStatusDetails implements SessionStatusDetails {
    private final RegistryStore store;
    private final ApiJson json;

    public RegistryStatusDetails(RegistryStore store, ApiJson json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public void addTo(Map<String, Object> details, StoredMessage message, boolean phi) {
        details.put("registryExclusions", store.exclusionsOfMessage(message.id()).stream()
                .map(e -> RegistryApi.view(e, phi, json)).toList());
    }
}
