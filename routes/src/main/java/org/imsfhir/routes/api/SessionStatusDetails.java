package org.imsfhir.routes.api;

import java.util.Map;
import org.imsfhir.routes.store.StoredMessage;

/**
 * Adds a feature's own state (e.g. claim responses) to the answer of {@code GET /ims/sessions/{id}},
 * as a typed value under its own field name.
 */
public interface SessionStatusDetails {

    /** @param phi whether the caller may see texts that can quote patient data ({@link PhiRedaction}) */
    void addTo(Map<String, Object> details, StoredMessage message, boolean phi);
}
