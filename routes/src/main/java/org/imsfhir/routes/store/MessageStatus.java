package org.imsfhir.routes.store;

/** Where a record (message) stands: stored as received, then judged. */
public enum MessageStatus {
    /** Stored exactly as it came in; not yet judged. */
    RECEIVED,
    /** The record failed reading, checking or profile validation; the reasons are kept. */
    REJECTED,
    /** The record was mapped and validated; one delivery per destination was queued. */
    VALID
}
