package org.imsfhir.adapter.engine;

import java.util.List;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.record.ImsSession;

/**
 * One record read from a payload: its position (index, and 1-based line where known, else 0), its own text (kept in the store), its session key
 * when it could be read as far as that, the session when it could be read at all, and every
 * violation found by reading and checking (field paths and reasons).
 */
public record ReadRecord(int index, int line, String rawText, String sessionKey, ImsSession session, List<Violation> violations) {

    public ReadRecord {
        violations = violations == null ? List.of() : List.copyOf(violations);
    }

    /** Read and checked without errors: ready to be mapped and validated. */
    public boolean checked() {
        return session != null && violations.stream().noneMatch(Violation::isError);
    }
}
