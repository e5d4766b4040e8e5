package org.imsfhir.routes.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * Health {@code destinations}: whether each receiver (EHR destinations, insurers, registry feeds)
 * can be reached now: a TCP connection to its host and port opens within the timeout (no request is
 * sent, no token fetched), or its folder is writable. DOWN when any is not, with one detail per
 * destination (shown to {@code admin} callers only). Not part of readiness or liveness: the adapter
 * takes records in and keeps them in its outbox while a receiver is away. The result is kept for
 * {@code cacheFor}, so frequent health calls do not knock at the receivers each time.
 */
public final class DestinationReachability implements HealthIndicator {

    private final Map<String, ProbeTarget> targets;
    private final Duration timeout;
    private final Duration cacheFor;
    private final Clock clock;
    private Health last;
    private Instant lastAt;

    public DestinationReachability(Map<String, ProbeTarget> targets, Duration timeout, Duration cacheFor, Clock clock) {
        this.targets = new LinkedHashMap<>(targets);
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(lastAt.plus(cacheFor))) {
            last = probeAll();
            lastAt = now;
        }
        return last;
    }

    private Health probeAll() {
        boolean allUp = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Map.Entry<String, ProbeTarget> e : targets.entrySet()) {
            boolean up = reachable(e.getValue());
            allUp &= up;
            details.put(e.getKey(), Map.of("status", up ? Status.UP.getCode() : Status.DOWN.getCode(),
                    "target", e.getValue().describe()));
        }
        return Health.status(allUp ? Status.UP : Status.DOWN).withDetails(details).build();
    }

    private boolean reachable(ProbeTarget target) {
        if (target instanceof ProbeTarget.Endpoint endpoint) {
            return connects(endpoint);
        }
        if (target instanceof ProbeTarget.Folder folder) {
            return folder.writable();
        }
        return true;
    }

    private boolean connects(ProbeTarget.Endpoint endpoint) {
        if (endpoint.host() == null) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) timeout.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException | SecurityException e) {
            return false;
        }
    }
}
