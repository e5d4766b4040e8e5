package org.imsfhir.adapter.claim;

import java.util.List;
import java.util.stream.Collectors;
import org.imsfhir.adapter.check.Violation;

/**
 * A session that must not be billed as it stands, with each reason and the record field it concerns
 * (e.g. {@code billing.fee.currency}). Messages name paths, codes and payer ids only: never the
 * member id or other patient data.
 */
public class BillingRejectedException extends RuntimeException {
    private final transient List<Violation> violations;

    public BillingRejectedException(List<Violation> violations) {
        super("not billable: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public BillingRejectedException(String path, String reason) {
        this(List.of(Violation.error(path, reason)));
    }

    public List<Violation> violations() {
        return violations;
    }
}
