package org.imsfhir.routes.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import org.imsfhir.adapter.engine.EngineTimers;

/**
 * How long judging a record takes, with histograms: {@value #MAPPING} (record to transaction
 * Bundle) and {@value #VALIDATION} (the Bundle against the profiles).
 */
public record PipelineTimers(Timer mapping, Timer validation) implements EngineTimers {

    @Override
    public <T> T timeMapping(Supplier<T> stage) {
        return mapping.record(stage);
    }

    @Override
    public <T> T timeValidation(Supplier<T> stage) {
        return validation.record(stage);
    }

    public static final String MAPPING = "ims.mapping.time";
    public static final String VALIDATION = "ims.validation.time";

    public static PipelineTimers of(MeterRegistry registry) {
        return new PipelineTimers(
                histogram(MAPPING, "Mapping one record to its transaction Bundle", registry),
                histogram(VALIDATION, "Validating one record's transaction Bundle against the profiles", registry));
    }

    /** Not recorded anywhere (tests, tools). */
    public static PipelineTimers none() {
        return of(new CompositeMeterRegistry());
    }

    private static Timer histogram(String name, String description, MeterRegistry registry) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }
}
