package org.imsfhir.routes.pipeline;

import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * What mapping and profile validation made of one checked record: the transaction Bundle (JSON)
 * when valid, and an OperationOutcome with the errors (then no bundle) and the warnings.
 */
public record Judgement(String bundleJson, OperationOutcome outcome) {

    public boolean valid() {
        return bundleJson != null;
    }
}
