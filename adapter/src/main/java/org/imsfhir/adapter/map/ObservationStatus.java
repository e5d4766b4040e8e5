package org.imsfhir.adapter.map;

import org.hl7.fhir.r4.model.Observation;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.SessionStatus;

/** Observations are final, or entered-in-error when the record retracts the session. */
final class ObservationStatus {
    private ObservationStatus() {
    }

    static Observation.ObservationStatus of(ImsSession session) {
        return session.status() == SessionStatus.ENTERED_IN_ERROR
                ? Observation.ObservationStatus.ENTEREDINERROR
                : Observation.ObservationStatus.FINAL;
    }
}
