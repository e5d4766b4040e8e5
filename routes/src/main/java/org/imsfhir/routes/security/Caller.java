package org.imsfhir.routes.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who is calling and what they may see: their id (as written to the audit), their scopes, and the
 * clinics ({@code source.system} values) whose records they may send and read.
 *
 * @param allClinics true for callers not bound to clinics (the local operator, clients registered with {@code "*"})
 */
public record Caller(String id, Set<Scope> scopes, boolean allClinics, Set<String> clinics) {

    /** The request attribute under which the security filter chain leaves the caller for the handlers. */
    public static final String ATTRIBUTE = Caller.class.getName();

    /** The inbox folder: whoever can write into it is trusted with every clinic (file system access). */
    public static final Caller INBOX = new Caller("inbox", EnumSet.of(Scope.SUBMIT), true, Set.of());

    /** The caller of anything that is not a request (start-up recovery, schedules). */
    public static final Caller SYSTEM = new Caller("system", EnumSet.allOf(Scope.class), true, Set.of());

    public Caller {
        scopes = scopes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(scopes));
        clinics = Set.copyOf(clinics);
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /** Whether records of this source system may be sent and read by this caller. */
    public boolean mayAccessClinic(String sourceSystem) {
        return allClinics || (sourceSystem != null && clinics.contains(sourceSystem));
    }

    /** Whether the session with this key ({@code source.system|sessionId}) is this caller's to see. */
    public boolean mayAccessSession(String sessionKey) {
        if (allClinics) {
            return true;
        }
        if (sessionKey == null) {
            return false;
        }
        int bar = sessionKey.indexOf('|');
        return bar > 0 && mayAccessClinic(sessionKey.substring(0, bar));
    }
}
