package org.imsfhir.adapter.read;

import java.util.List;
import java.util.Objects;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.SessionKey;

/**
 * What reading and checking one input record gave.
 *
 * @param index      0-based position of the record in its input (array index, NDJSON record,
 *                   CSV record group), or {@link #WHOLE_INPUT} when the input as a whole could not
 *                   be split into records (broken JSON document, CSV header problems)
 * @param line       1-based line where the record starts in its input (for CSV the first row of
 *                   the group, the header being line 1); 0 when not known
 * @param raw        the record as JSON text (for CSV the JSON built from its rows); null when the
 *                   input could not be split into records at all
 * @param key        the session key when the record names one ({@code source.system} and
 *                   {@code sessionId} as sent); safe to log, may be null
 * @param session    the typed record when it has no errors (warnings allowed), else null
 * @param violations all problems found, errors and warnings
 */
public record RecordResult(
        int index,
        int line,
        String raw,
        SessionKey key,
        ImsSession session,
        List<Violation> violations) {

    /** The index of the one result for an input that could not be split into records. */
    public static final int WHOLE_INPUT = -1;

    public RecordResult {
        violations = List.copyOf(violations);
        if (session != null && violations.stream().anyMatch(Violation::isError)) {
            throw new IllegalArgumentException("a record with errors carries no session");
        }
    }

    /** True when the record read and checked without errors. */
    public boolean ok() {
        return session != null;
    }

    public List<Violation> errors() {
        return violations.stream().filter(Violation::isError).toList();
    }

    public List<Violation> warnings() {
        return violations.stream().filter(v -> !v.isError()).toList();
    }

    /** True for the single failed result of an input that could not be split into records. */
    public boolean wholeInput() {
        return index == WHOLE_INPUT;
    }

    /** Where the record is, for reports: "record 3 (line 4)", or "input" for the whole input. */
    public String position() {
        return (wholeInput() ? "input" : "record " + index) + (line > 0 ? " (line " + line + ")" : "");
    }

    @Override
    public String toString() {
        // raw holds patient data: never print it.
        return "RecordResult[" + position() + ", key=" + Objects.toString(key, "-")
                + ", ok=" + ok() + ", violations=" + violations + "]";
    }
}
