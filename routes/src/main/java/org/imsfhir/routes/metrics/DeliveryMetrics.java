package org.imsfhir.routes.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Delivery attempts per destination and outcome ({@value #ATTEMPTS}: {@code delivered}, {@code retry},
 * {@code dead}) and the time from intake to DELIVERED ({@value #LATENCY}, a histogram per destination).
 */
public final class DeliveryMetrics {

    public static final String ATTEMPTS = "ims.delivery.attempts";
    public static final String LATENCY = "ims.delivery.latency";

    /** The {@code outcome} tag of {@value #ATTEMPTS}. */
    public enum Outcome {
        DELIVERED, RETRY, DEAD;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Clock clock;

    public DeliveryMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Not recorded anywhere (tests, tools). */
    public static DeliveryMetrics none() {
        return new DeliveryMetrics(new CompositeMeterRegistry(), Clock.systemUTC());
    }

    /** One attempt ended; a DELIVERED one also records its latency from {@code receivedAt} (when known). */
    public void attempted(String destination, Outcome outcome, OffsetDateTime receivedAt) {
        Counter.builder(ATTEMPTS).description("Delivery attempts per destination and outcome")
                .tag("destination", destination).tag("outcome", outcome.tag())
                .register(registry).increment();
        if (outcome == Outcome.DELIVERED && receivedAt != null) {
            Duration latency = Duration.between(receivedAt, OffsetDateTime.now(clock));
            Timer.builder(LATENCY).description("From intake to DELIVERED, per destination")
                    .tag("destination", destination)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofDays(1))
                    .register(registry)
                    .record(latency.isNegative() ? Duration.ZERO : latency);
        }
    }
}
