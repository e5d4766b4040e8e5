package org.imsfhir.routes.store;

/** How a payload came in. */
public enum Channel {
    REST,
    INBOX,
    /** A record corrected and resubmitted by an operator in the console. */
    CONSOLE
}
