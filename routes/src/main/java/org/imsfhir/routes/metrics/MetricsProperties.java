package org.imsfhir.routes.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ims.metrics} (docs/operations.md).
 *
 * @param maxClinics   how many source systems besides the configured clients' clinics become values
 *                     of the {@code clinic} tag; the rest are counted as {@code other}
 * @param gaugeRefresh how often the gauges over the store (outbox, registry, claims) query it at most
 */
@ConfigurationProperties("ims.metrics")
public record MetricsProperties(
        @DefaultValue("100") int maxClinics,
        @DefaultValue("10s") Duration gaugeRefresh) {
}
