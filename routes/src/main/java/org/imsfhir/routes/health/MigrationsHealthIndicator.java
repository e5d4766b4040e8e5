package org.imsfhir.routes.health;

import java.util.function.Supplier;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Health {@code migrations} (part of readiness): UP when the schema has no pending Flyway migration.
 * Once UP it stays UP without asking again (applied migrations do not come undone), so a probe
 * costs nothing after that.
 */
public final class MigrationsHealthIndicator implements HealthIndicator {

    /** What Flyway says: the current schema version and how many migrations are pending. */
    public record Migrations(String version, int pending) {
    }

    private final Supplier<Migrations> flyway;
    private volatile Health up;

    public MigrationsHealthIndicator(Supplier<Migrations> flyway) {
        this.flyway = flyway;
    }

    @Override
    public Health health() {
        Health known = up;
        if (known != null) {
            return known;
        }
        Migrations m = flyway.get();
        if (m.pending() > 0) {
            return Health.down().withDetail("version", String.valueOf(m.version())).withDetail("pending", m.pending()).build();
        }
        Health health = Health.up().withDetail("version", String.valueOf(m.version())).build();
        up = health;
        return health;
    }
}
