package org.imsfhir.routes.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.imsfhir.routes.store.StoredMessage;

/** Adds a feature's own state (e.g. claim responses) to the answer of {@code GET /ims/sessions/{id}}. */
public interface SessionStatusDetails {

    /** @param phi whether the caller may see texts that can quote patient data ({@link PhiRedaction}) */
    void addTo(ObjectNode status, StoredMessage message, boolean phi);
}
