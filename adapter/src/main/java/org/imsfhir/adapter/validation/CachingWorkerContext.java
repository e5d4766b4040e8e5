package org.imsfhir.adapter.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.r5.model.Resource;
import org.hl7.fhir.r5.model.StructureDefinition;

/**
 * HAPI's worker context (the HL7 validator's view of the support chain) with a lock-free map in
 * front of its resource look-up.
 *
 * <p>The HL7 validator looks up StructureDefinitions by URL for almost every element it checks
 * (its type, its profile, whether it is a resource, ...). Each look-up in HAPI's adapter goes to the
 * support chain's cache (building a cache key, resolving the resource class by name) and then takes a
 * lock on the resource to read its converted (R5) form: about 15 % of the CPU of validating a session
 * Procedure, and a lock both threads want. The chain under this context never changes after it is
 * built (pre-populated package, R4 core, snapshots generated once and kept), so the answer for a
 * (type, URL) pair never changes either: the first answer is kept here and returned from then on.
 *
 * <p>Not-found answers are kept too, up to {@value #MAX_MISSES} of them (instances may name any
 * URL); past that, a miss simply asks the chain again.
 */
final class CachingWorkerContext extends WorkerContextValidationSupportAdapter {

    static final int MAX_MISSES = 10_000;

    /**
     * A (type, URL) look-up key. Most URLs asked for are built afresh by the validator
     * ({@code "http://hl7.org/fhir/StructureDefinition/" + type}), so String's cached hash never helps
     * and hashing every character of every URL showed up at 3-4 % of a Procedure's CPU; the hash here
     * uses the length and the last characters only (where canonicals differ), equality the whole URL.
     */
    private static final class Key {
        private static final int HASHED_TAIL = 24;
        private final Class<?> type;
        private final String uri;
        private final int hash;

        Key(Class<?> type, String uri) {
            this.type = type;
            this.uri = uri;
            int h = type.hashCode() * 31 + uri.length();
            for (int i = Math.max(0, uri.length() - HASHED_TAIL); i < uri.length(); i++) {
                h = h * 31 + uri.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.type == type && k.uri.equals(uri);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final Map<Key, Resource> found = new ConcurrentHashMap<>();
    private final Map<Key, Boolean> missing = new ConcurrentHashMap<>();
    private final Map<String, StructureDefinition> types = new ConcurrentHashMap<>();

    CachingWorkerContext(IValidationSupport support) {
        super(support);
    }

    @Override
    public <T extends Resource> T fetchResource(Class<T> type, String uri) {
        if (type == null || uri == null) {
            return super.fetchResource(type, uri);
        }
        Key key = new Key(type, uri);
        Resource r = found.get(key);
        if (r != null) {
            return type.cast(r);
        }
        if (missing.containsKey(key)) {
            return null;
        }
        T fetched = super.fetchResource(type, uri);
        if (fetched != null) {
            found.putIfAbsent(key, fetched);
        } else if (missing.size() < MAX_MISSES) {
            missing.put(key, Boolean.TRUE);
        }
        return fetched;
    }

    /** Core type definitions, asked for at nearly every element: by type name, without building the URL. */
    @Override
    public StructureDefinition fetchTypeDefinition(String typeName) {
        if (typeName == null) {
            return super.fetchTypeDefinition(typeName);
        }
        StructureDefinition sd = types.get(typeName);
        if (sd == null) {
            sd = super.fetchTypeDefinition(typeName);
            if (sd != null) {
                types.putIfAbsent(typeName, sd);
            }
        }
        return sd;
    }
}
