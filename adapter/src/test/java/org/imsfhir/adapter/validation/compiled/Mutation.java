package org.imsfhir.adapter.validation.compiled;

/**
 * One mutated Bundle from {@link BundleMutator}: the kind of change (a {@link Kind} name), what was
 * changed (entry index, resource type, JSON path; never a patient value) and the whole Bundle JSON.
 */
public record Mutation(String kind, String description, String json) {

    /** The kinds of change, in the order {@link BundleMutator#mutations} returns them. */
    public enum Kind {
        REMOVE, REPEAT, WRONG_CODE, WRONG_FIXED, BREAK_INVARIANT, UNKNOWN_EXTENSION, WRONG_REFERENCE_TARGET,
        PRIMITIVE, RANDOM
    }
}
