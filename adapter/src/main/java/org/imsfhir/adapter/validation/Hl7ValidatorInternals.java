package org.imsfhir.adapter.validation;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.validation.codesystem.CodingsObserver;
import org.hl7.fhir.validation.instance.InstanceValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that reaches into private state of the HL7 instance validator (org.hl7.fhir.validation
 * 6.7.x, through HAPI 8.8.1): the collections that only grow from call to call, which a pooled
 * validator must empty itself because HL7 offers no method for it.
 *
 * <p>An HL7/HAPI upgrade that renames or drops one of them must not pass unnoticed:
 * {@code Hl7ValidatorInternalsTest} fails when {@link #missing()} is not empty. At run time a
 * missing field is logged once and the pool falls back to retiring validators early
 * ({@link PooledInstanceValidator#USES_PER_VALIDATOR_UNCLEANED}), so memory stays bounded.
 */
final class Hl7ValidatorInternals {

    private static final Logger LOG = LoggerFactory.getLogger(Hl7ValidatorInternals.class);
    private static final List<String> MISSING = new ArrayList<>();

    /** The codings seen (for an IPS check, off here): {@code InstanceValidator.codingObserver.list}. */
    private static final Field CODING_OBSERVER = field(InstanceValidator.class, "codingObserver");
    private static final Field CODINGS_SEEN = field(CodingsObserver.class, "list");
    /** Narrative id maps. */
    private static final Field XHTML_ID_MAPS = field(InstanceValidator.class, "xhtmlElementMap");
    /** Texts for an AI display check (off here). */
    private static final Field TEXT_KEYS = field(InstanceValidator.class, "textsToCheckKeys");

    private Hl7ValidatorInternals() {
    }

    /** Whether every growing collection is found and can be emptied after each call. */
    static boolean complete() {
        return MISSING.isEmpty();
    }

    /** The private members this HL7 version lacks (empty when {@link #complete()}). */
    static List<String> missing() {
        return List.copyOf(MISSING);
    }

    /** Empties the growing collections of a validator that is given back to the pool. */
    static void forget(InstanceValidator v) {
        v.getTextsToCheck().clear();
        clear(v, XHTML_ID_MAPS);
        clear(v, TEXT_KEYS);
        clear(get(v, CODING_OBSERVER), CODINGS_SEEN);
    }

    /** Entries left in the growing collections of a validator (0 once {@link #forget} ran). */
    static int retained(InstanceValidator v) {
        return v.getTextsToCheck().size() + size(v, XHTML_ID_MAPS) + size(v, TEXT_KEYS)
                + size(get(v, CODING_OBSERVER), CODINGS_SEEN);
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            MISSING.add(owner.getSimpleName() + "." + name);
            LOG.warn("HL7 validator field {}.{} not found ({}): validators will be retired after {} calls",
                    owner.getSimpleName(), name, e.toString(), PooledInstanceValidator.USES_PER_VALIDATOR_UNCLEANED);
            return null;
        }
    }

    private static Object get(Object owner, Field f) {
        try {
            return owner == null || f == null ? null : f.get(owner);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void clear(Object owner, Field f) {
        Object value = get(owner, f);
        if (value instanceof Collection<?> c) {
            c.clear();
        } else if (value instanceof Map<?, ?> m) {
            m.clear();
        }
    }

    private static int size(Object owner, Field f) {
        Object value = get(owner, f);
        return value instanceof Collection<?> c ? c.size() : value instanceof Map<?, ?> m ? m.size() : 0;
    }
}
