package org.imsfhir.adapter.fuzz;

import java.util.List;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.read.RecordResult;

/**
 * The property every fuzz target checks on top of "no exception escapes": the reader's results
 * are its documented outcomes. A break of any of these is a finding (an AssertionError for Jazzer).
 */
final class DocumentedOutcomes {

    private DocumentedOutcomes() {
    }

    /**
     * Per-record results in input order; an input that could not be split (or went over a payload
     * limit) gives one whole-input result, and only as the last result (streamed forms may have
     * delivered records before it).
     */
    static void check(List<RecordResult> results) {
        int lastIndex = -1;
        for (int i = 0; i < results.size(); i++) {
            RecordResult r = results.get(i);
            if (r.wholeInput()) {
                require(i == results.size() - 1, "a whole-input result must be the last one");
                require(!r.ok() && !r.errors().isEmpty(), "a whole-input result carries its error");
            } else {
                require(r.index() > lastIndex, "record indexes must increase");
                lastIndex = r.index();
            }
            check(r);
        }
    }

    static void check(RecordResult r) {
        require(r.ok() == r.errors().isEmpty(), "a record is ok exactly when it has no errors");
        for (Violation v : r.violations()) {
            require(v.path() != null && v.reason() != null && !v.reason().isBlank(), "a violation has a path and a reason");
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
