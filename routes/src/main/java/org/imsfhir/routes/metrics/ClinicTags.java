package org.imsfhir.routes.metrics;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code clinic} tag of the record metrics: a record's {@code source.system}, bounded. A system
 * configured for a client ({@code ims.security.clients.<id>.clinics}) is always its own tag value;
 * another one becomes a tag value when a record of it passed the record checks, up to
 * {@code ims.metrics.max-clinics} such systems; everything else is {@value #OTHER}. A record without
 * a readable key is {@value #NONE}. Patient data never becomes a tag: only the system part of the
 * session key is used, and only once the checks accepted it as a system URI.
 */
public final class ClinicTags {

    /** Tag value of a system over the cap, or not (yet) accepted by the record checks. */
    public static final String OTHER = "other";
    /** Tag value of a record without a session key (unreadable, or no source.system). */
    public static final String NONE = "none";
    /** Longer systems are tagged {@value #OTHER}: a tag value is not a place for text. */
    static final int MAX_LENGTH = 200;

    private final Set<String> configured;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final int cap;

    /**
     * @param configured the clinics of the configured clients ({@code "*"} is ignored)
     * @param cap        how many other systems may become tag values
     */
    public ClinicTags(Collection<String> configured, int cap) {
        this.configured = Set.copyOf(configured.stream().filter(c -> !"*".equals(c)).toList());
        this.cap = Math.max(0, cap);
    }

    /**
     * The tag value for a record's session key ({@code system|sessionId}).
     *
     * @param admit whether the record passed the record checks, so that its system may become a new tag value
     */
    public String of(String sessionKey, boolean admit) {
        if (sessionKey == null) {
            return NONE;
        }
        int bar = sessionKey.indexOf('|');
        String system = bar < 0 ? sessionKey : sessionKey.substring(0, bar);
        if (configured.contains(system) || seen.contains(system)) {
            return system;
        }
        if (!admit || system.isEmpty() || system.length() > MAX_LENGTH || !plain(system)) {
            return OTHER;
        }
        synchronized (seen) {
            if (seen.size() < cap) {
                seen.add(system);
                return system;
            }
        }
        return OTHER;
    }

    /** Printable ASCII without white space or quotes: what a system URI is made of. */
    private static boolean plain(String system) {
        for (int i = 0; i < system.length(); i++) {
            char c = system.charAt(i);
            if (c <= ' ' || c > '~' || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
