package org.imsfhir.routes.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.imsfhir.routes.store.StatusCounts;

/**
 * Rows per configured name and status as gauges, from one grouped query per refresh period: used for
 * registry batches ({@value #REGISTRY_BATCHES}), registry exclusions ({@value #REGISTRY_EXCLUSIONS})
 * and claims ({@value #CLAIMS}). Names and statuses are fixed by configuration and code, so the
 * tag sets are bounded.
 */
public final class StatusGauges implements MeterBinder {

    public static final String REGISTRY_BATCHES = "ims.registry.batches";
    public static final String REGISTRY_EXCLUSIONS = "ims.registry.exclusions";
    public static final String CLAIMS = "ims.claims";

    private final String metric;
    private final String description;
    private final String nameTag;
    private final String statusTag;
    private final Collection<String> names;
    private final Collection<String> statuses;
    private final Cached<Map<StatusCounts.Key, Long>> counts;

    public StatusGauges(String metric, String description, String nameTag, String statusTag, Collection<String> names,
                        Collection<String> statuses, Supplier<Map<StatusCounts.Key, Long>> query, Duration refresh, Clock clock) {
        this.metric = metric;
        this.description = description;
        this.nameTag = nameTag;
        this.statusTag = statusTag;
        this.names = List.copyOf(names);
        this.statuses = List.copyOf(statuses);
        this.counts = new Cached<>(query, Map.of(), refresh, clock);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String name : names) {
            for (String status : statuses) {
                StatusCounts.Key key = new StatusCounts.Key(name, status);
                Gauge.builder(metric, counts, c -> c.get().getOrDefault(key, 0L))
                        .description(description)
                        .tag(nameTag, name).tag(statusTag, status)
                        .register(registry);
            }
        }
    }
}
