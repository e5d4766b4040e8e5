package org.imsfhir.routes.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health {@code validator} (part of readiness): UP from the start, since the context waits for the
 * profile validator to be built ({@code ValidatorBootstrap}); warming it afterwards only makes the
 * first records faster, so readiness does not wait for that (the details say how far it is). DOWN
 * when warming failed: the validator broke on the package's own examples.
 */
public final class ValidatorHealthIndicator implements HealthIndicator {

    private final ValidatorWarmUp warmUp;

    public ValidatorHealthIndicator(ValidatorWarmUp warmUp) {
        this.warmUp = warmUp;
    }

    @Override
    public Health health() {
        ValidatorWarmUp.State state = warmUp.state();
        return switch (state) {
            case OFF -> Health.up().withDetail("warmUp", "off").build();
            case WARM -> Health.up().withDetail("warmUp", "done").withDetail("tookMs", warmUp.took().toMillis()).build();
            case WAITING, WARMING -> Health.up().withDetail("warmUp", "in progress").build();
            case FAILED -> Health.down().withDetail("warmUp", "failed").withDetail("error", warmUp.failure()).build();
        };
    }
}
