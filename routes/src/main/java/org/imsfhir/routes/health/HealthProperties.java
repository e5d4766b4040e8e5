package org.imsfhir.routes.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ims.health} (docs/operations.md).
 *
 * @param destinations how the {@code destinations} health contributor probes the receivers
 */
@ConfigurationProperties("ims.health")
public record HealthProperties(@DefaultValue Destinations destinations) {

    /**
     * @param timeout  how long a TCP connection to a receiver may take to open
     * @param cacheFor how long a probe's result is reused before the receivers are probed again
     */
    public record Destinations(@DefaultValue("2s") Duration timeout, @DefaultValue("30s") Duration cacheFor) {
    }
}
