package org.imsfhir.routes.registry;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.imsfhir.routes.api.SessionStatusDetails;
import org.imsfhir.routes.store.StoredMessage;

/**
 * {@code "registryExclusions": [...]} in {@code GET /ims/sessions/{id}}: per registry that left this
 * record out of a batch, the state (OPEN, RESENT, SUPERSEDED, WITHDRAWN), the reason and the
 * validator's OperationOutcome. Empty when no registry left it out.
 */
public class RegistryStatusDetails implements SessionStatusDetails {
    private final RegistryStore store;

    public RegistryStatusDetails(RegistryStore store) {
        this.store = store;
    }

    @Override
    public void addTo(ObjectNode status, StoredMessage message, boolean phi) {
        ArrayNode list = status.putArray("registryExclusions");
        store.exclusionsOfMessage(message.id()).forEach(e -> list.add(RegistryApi.view(e, phi)));
    }
}
