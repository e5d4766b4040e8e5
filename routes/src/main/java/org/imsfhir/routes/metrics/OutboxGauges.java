package org.imsfhir.routes.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.StatusCounts;

/**
 * The outbox as gauges, per configured destination: {@value #DELIVERIES} per status (PENDING,
 * DELIVERED, DEAD) and {@value #OLDEST_PENDING_AGE}, the age of the oldest PENDING delivery (0 when
 * none). One grouped query per refresh period, however often it is scraped.
 */
public final class OutboxGauges implements MeterBinder {

    public static final String DELIVERIES = "ims.outbox.deliveries";
    public static final String OLDEST_PENDING_AGE = "ims.outbox.oldest.pending.age";

    private final Collection<String> destinations;
    private final Cached<StatusCounts.Outbox> outbox;
    private final StatusCounts counts;

    public OutboxGauges(StatusCounts counts, Collection<String> destinations, Duration refresh, Clock clock) {
        this.counts = counts;
        this.destinations = List.copyOf(destinations);
        this.outbox = new Cached<>(counts::outbox, new StatusCounts.Outbox(Map.of(), Map.of()), refresh, clock);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String destination : destinations) {
            for (DeliveryStatus status : DeliveryStatus.values()) {
                StatusCounts.Key key = new StatusCounts.Key(destination, status.name());
                Gauge.builder(DELIVERIES, outbox, o -> o.get().counts().getOrDefault(key, 0L))
                        .description("Deliveries in the outbox per destination and status")
                        .tag("destination", destination).tag("status", status.name())
                        .register(registry);
            }
            Gauge.builder(OLDEST_PENDING_AGE, outbox, o -> ageSeconds(o.get().oldestPending().get(destination)))
                    .description("Age of the destination's oldest PENDING delivery (0 when none)")
                    .tag("destination", destination).baseUnit("seconds")
                    .register(registry);
        }
    }

    private double ageSeconds(OffsetDateTime oldest) {
        if (oldest == null) {
            return 0;
        }
        return Math.max(0, Duration.between(oldest, counts.clockNow()).toMillis() / 1000.0);
    }
}
