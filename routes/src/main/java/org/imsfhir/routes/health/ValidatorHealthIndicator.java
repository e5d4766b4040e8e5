package org.imsfhir.routes.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health {@code validator} (part of readiness): UP once the profile validator is warm (or warm-up is
 * off), DOWN while it warms and when warming failed.
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
            case WAITING, WARMING -> Health.down().withDetail("warmUp", "in progress").build();
            case FAILED -> Health.down().withDetail("warmUp", "failed").withDetail("error", warmUp.failure()).build();
        };
    }
}
