package org.imsfhir.routes.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.imsfhir.routes.claim.ClaimsProperties;
import org.imsfhir.routes.claim.StoredClaim;
import org.imsfhir.routes.config.ServiceConfiguration;
import org.imsfhir.routes.registry.BatchState;
import org.imsfhir.routes.registry.RegistryExclusion;
import org.imsfhir.routes.registry.RegistryProperties;
import org.imsfhir.routes.security.SecurityProperties;
import org.imsfhir.routes.store.StatusCounts;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The service's own meters (docs/operations.md); Camel's per-route meters come from camel-micrometer. */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
@EnableConfigurationProperties(MetricsProperties.class)
public class MetricsConfiguration {

    /** Outcomes an insurer claim row can have. */
    static final List<String> CLAIM_OUTCOMES = List.of("complete", "error", "queued", "partial", StoredClaim.NOT_BILLABLE);

    @Bean
    RecordMetrics recordMetrics(MeterRegistry registry, MetricsProperties properties, SecurityProperties security) {
        Set<String> configured = new LinkedHashSet<>();
        security.clients().values().forEach(c -> configured.addAll(c.clinics()));
        return new RecordMetrics(registry, new ClinicTags(configured, properties.maxClinics()));
    }

    @Bean
    PipelineTimers pipelineTimers(MeterRegistry registry) {
        return PipelineTimers.of(registry);
    }

    @Bean
    DeliveryMetrics deliveryMetrics(MeterRegistry registry, Clock clock) {
        return new DeliveryMetrics(registry, clock);
    }

    @Bean
    StatusCounts statusCounts(DataSource dataSource, Clock clock) {
        return new StatusCounts(dataSource, clock);
    }

    @Bean
    OutboxGauges outboxGauges(StatusCounts counts, ServiceConfiguration.Destinations destinations, MetricsProperties properties,
                              Clock clock) {
        return new OutboxGauges(counts, destinations.senders().keySet(), properties.gaugeRefresh(), clock);
    }

    @Bean
    StatusGauges registryBatchGauges(StatusCounts counts, RegistryProperties registries, MetricsProperties properties, Clock clock) {
        return new StatusGauges(StatusGauges.REGISTRY_BATCHES, "Registry batches per registry and state", "registry", "state",
                enabledFeeds(registries), Arrays.stream(BatchState.values()).map(Enum::name).toList(),
                counts::registryBatches, properties.gaugeRefresh(), clock);
    }

    @Bean
    StatusGauges registryExclusionGauges(StatusCounts counts, RegistryProperties registries, MetricsProperties properties,
                                         Clock clock) {
        return new StatusGauges(StatusGauges.REGISTRY_EXCLUSIONS, "Sessions registry batches left out, per registry and state",
                "registry", "state", enabledFeeds(registries),
                Arrays.stream(RegistryExclusion.State.values()).map(Enum::name).toList(),
                counts::registryExclusions, properties.gaugeRefresh(), clock);
    }

    private static List<String> enabledFeeds(RegistryProperties registries) {
        return registries.feeds().entrySet().stream().filter(e -> e.getValue().enabled()).map(java.util.Map.Entry::getKey).toList();
    }

    @Bean
    StatusGauges claimGauges(StatusCounts counts, ClaimsProperties claims, MetricsProperties properties, Clock clock) {
        Set<String> insurers = new LinkedHashSet<>(claims.insurers().keySet());
        if (!insurers.isEmpty()) {
            insurers.add(StoredClaim.NO_INSURER);
        }
        return new StatusGauges(StatusGauges.CLAIMS, "Insurer claims per insurer and outcome", "insurer", "outcome",
                insurers, CLAIM_OUTCOMES, counts::claims, properties.gaugeRefresh(), clock);
    }
}
