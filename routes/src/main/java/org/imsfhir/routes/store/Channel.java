package org.imsfhir.routes.store;

/** How a payload came in. */
public enum Channel {
    REST,
    INBOX
}
