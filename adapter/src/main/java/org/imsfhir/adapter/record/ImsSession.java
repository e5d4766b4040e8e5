package org.imsfhir.adapter.record;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One IMS treatment session as a clinic sends it (record version 1, see the README's input section and
 * {@code ims-session-v1.schema.json}). Plain data: readers build it, the checker judges it,
 * mappers turn it into FHIR. Lists are never null (readers give empty lists).
 */
public record ImsSession(
        String recordVersion,
        Source source,
        String sessionId,
        SessionStatus status,
        String statusReason,
        OffsetDateTime start,
        OffsetDateTime end,
        Integer sessionNumber,
        String jurisdiction,
        ImsPatient patient,
        ImsPractitioner practitioner,
        List<Diagnosis> diagnoses,
        List<TreatedSite> treatedSites,
        Needle needle,
        ElectricalStimulation electricalStimulation,
        PainScores pain,
        List<OutcomeScore> outcomes,
        List<RangeOfMotion> rangeOfMotion,
        List<ReportedAdverseEvent> adverseEvents,
        ConsentRecord consent,
        Billing billing) {

    public ImsSession {
        diagnoses = diagnoses == null ? List.of() : List.copyOf(diagnoses);
        treatedSites = treatedSites == null ? List.of() : List.copyOf(treatedSites);
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
        rangeOfMotion = rangeOfMotion == null ? List.of() : List.copyOf(rangeOfMotion);
        adverseEvents = adverseEvents == null ? List.of() : List.copyOf(adverseEvents);
    }

    /** The business key of the session: {@code source.system} + {@code sessionId}. */
    public SessionKey key() {
        return new SessionKey(source == null ? null : source.system(), sessionId);
    }

    /** Country part of the jurisdiction ({@code CA} of {@code CA-BC}), or null. */
    public String country() {
        if (jurisdiction == null) {
            return null;
        }
        int dash = jurisdiction.indexOf('-');
        return dash < 0 ? jurisdiction : jurisdiction.substring(0, dash);
    }
}
