package org.imsfhir.adapter.engine;

import java.util.List;
import java.util.stream.Collectors;
import org.imsfhir.adapter.check.Violation;

/**
 * The payload as a whole cannot be split into records (broken JSON document, CSV header without
 * the required columns). The violations name positions and columns, never the payload's content.
 */
public class UnreadablePayloadException extends Exception {

    private final transient List<Violation> violations;

    public UnreadablePayloadException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
