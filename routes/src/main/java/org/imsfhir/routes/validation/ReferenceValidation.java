package org.imsfhir.routes.validation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.imsfhir.adapter.validation.ReferenceSampler;
import org.imsfhir.adapter.validation.ValidationIssue;
import org.imsfhir.adapter.validation.ValidationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the compiled validator honest in production: a share of the Bundles it alone found valid
 * ({@code ims.validation.reference-sample}, default 1 %) is validated again by the HL7 validator,
 * in the background on Spring Boot's task executor, at most {@value #MAX_IN_FLIGHT} at a time (more are
 * dropped and counted, never queued up in memory). Any error the HL7 validator finds there is a
 * disagreement: counted ({@code ims_validation_reference_disagreements_total}) and logged at WARN
 * with the rule ids and locations only (locations are element paths, never values: no patient
 * data). The record itself is not held back: it was delivered as valid, which is what an operator
 * must then look at.
 */
public final class ReferenceValidation implements ReferenceSampler {

    static final String CHECKS = "ims.validation.reference.checks";
    static final String DISAGREEMENTS = "ims.validation.reference.disagreements";
    static final String SKIPPED = "ims.validation.reference.skipped";

    static final int MAX_IN_FLIGHT = 4;

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceValidation.class);

    private final double share;
    private final Executor executor;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter checks;
    private final Counter disagreements;
    private final Counter skipped;

    public ReferenceValidation(double share, Executor executor, MeterRegistry registry) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("ims.validation.reference-sample must be between 0 and 1");
        }
        this.share = share;
        this.executor = executor;
        this.checks = Counter.builder(CHECKS).description("Bundles the compiled validator found valid, validated again by the HL7 validator")
                .register(registry);
        this.disagreements = Counter.builder(DISAGREEMENTS)
                .description("Of those, Bundles the HL7 validator found errors in (the compiled validator missed them)").register(registry);
        this.skipped = Counter.builder(SKIPPED).description("Samples dropped because the comparison was still busy").register(registry);
    }

    @Override
    public void compiledValid(Supplier<ValidationReport> hl7Report) {
        if (share == 0 || ThreadLocalRandom.current().nextDouble() >= share) {
            return;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            skipped.increment(); // never slow the record down, nor pile up Bundles, for a comparison
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    compare(hl7Report);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.decrementAndGet();
            skipped.increment();
        }
    }

    private void compare(Supplier<ValidationReport> hl7Report) {
        List<ValidationIssue> errors = hl7Report.get().errors();
        checks.increment();
        if (!errors.isEmpty()) {
            disagreements.increment();
            LOG.warn("Compiled and HL7 validators disagree: the HL7 validator finds {} error(s) in a Bundle the compiled one "
                    + "passed: {}", errors.size(), errors.stream().map(ValidationIssue::toLogString).limit(10).toList());
        }
    }
}
