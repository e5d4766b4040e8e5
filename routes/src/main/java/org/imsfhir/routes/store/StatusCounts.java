package org.imsfhir.routes.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Row counts by status for the metrics' gauges (read-only, one grouped query each): deliveries per
 * destination and status with the oldest PENDING one's creation time, registry batches and
 * exclusions per registry and state, claims per insurer and outcome.
 */
public class StatusCounts extends JdbcStore {

    /** Counts keyed by (name, status), e.g. ("ehr", "PENDING"). */
    public record Key(String name, String status) {
    }

    /** Deliveries per (destination, status) and the creation time of each destination's oldest PENDING one. */
    public record Outbox(Map<Key, Long> counts, Map<String, OffsetDateTime> oldestPending) {
    }

    public StatusCounts(DataSource dataSource, Clock clock) {
        super(dataSource, clock);
    }

    public Outbox outbox() {
        Map<Key, Long> counts = new HashMap<>();
        Map<String, OffsetDateTime> oldest = new HashMap<>();
        jdbc.sql("select destination, status, count(*) as n, min(created_at) as oldest from ims_delivery"
                        + " group by destination, status")
                .query(rs -> {
                    String destination = rs.getString("destination");
                    String status = rs.getString("status");
                    counts.put(new Key(destination, status), rs.getLong("n"));
                    if (DeliveryStatus.PENDING.name().equals(status)) {
                        oldest.put(destination, rs.getObject("oldest", OffsetDateTime.class));
                    }
                });
        return new Outbox(counts, oldest);
    }

    public Map<Key, Long> registryBatches() {
        return grouped("select registry as name, state as status, count(*) as n from ims_registry_batch group by registry, state");
    }

    public Map<Key, Long> registryExclusions() {
        return grouped("select registry as name, state as status, count(*) as n from ims_registry_exclusion group by registry, state");
    }

    public Map<Key, Long> claims() {
        return grouped("select destination as name, outcome as status, count(*) as n from ims_claim group by destination, outcome");
    }

    /** Now, as the store's clock sees it (for ages). */
    public OffsetDateTime clockNow() {
        return now();
    }

    private Map<Key, Long> grouped(String sql) {
        Map<Key, Long> counts = new HashMap<>();
        jdbc.sql(sql).query(rs -> {
            counts.put(new Key(rs.getString("name"), rs.getString("status")), rs.getLong("n"));
        });
        return counts;
    }
}
