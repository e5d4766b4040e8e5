package org.imsfhir.adapter.record;

/** The business key of a session. Safe to log: it carries no patient data. */
public record SessionKey(String system, String sessionId) {
    @Override
    public String toString() {
        return system + "|" + sessionId;
    }
}
