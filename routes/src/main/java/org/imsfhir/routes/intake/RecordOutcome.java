package org.imsfhir.routes.intake;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.imsfhir.routes.store.MessageStatus;

/** What became of one record of an intake: its message id (internal and public), key (may be null), status and reasons. */
public record RecordOutcome(int index, int line, long messageId, String publicId, String sessionKey, MessageStatus status, OperationOutcome outcome) {

    public boolean accepted() {
        return status == MessageStatus.VALID;
    }
}
