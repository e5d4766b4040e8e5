package org.imsfhir.routes.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A value read at most once per period (a store query behind gauges: a scrape reads many gauges,
 * the query runs once). When the read fails the last value stays (a gauge must not throw).
 */
final class Cached<T> {

    private final Supplier<T> read;
    private final Duration period;
    private final Clock clock;
    private T value;
    private Instant readAt;

    Cached(Supplier<T> read, T initial, Duration period, Clock clock) {
        this.read = read;
        this.value = initial;
        this.period = period;
        this.clock = clock;
    }

    synchronized T get() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(period))) {
            readAt = now;
            try {
                value = read.get();
            } catch (RuntimeException e) {
                // The database is away: the health endpoint says so; the gauges keep their last values.
            }
        }
        return value;
    }
}
