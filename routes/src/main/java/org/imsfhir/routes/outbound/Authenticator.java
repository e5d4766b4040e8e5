package org.imsfhir.routes.outbound;

/** What a receiver client puts into the Authorization header, and what it does when the receiver says 401. */
interface Authenticator {

    /** No Authorization header. */
    Authenticator NONE = () -> null;

    /** The Authorization value for the next request, or null for none. */
    String authorization() throws TokenFailure;

    /**
     * The receiver answered 401 to {@code authorization}: forget it if it is a cached token. True when
     * asking {@link #authorization()} again may give a value the receiver accepts (a fresh token).
     */
    default boolean rejected(String authorization) {
        return false;
    }

    /** A static header (today's {@code auth-header}). */
    static Authenticator header(String value) {
        return () -> value;
    }
}
