package org.imsfhir.routes.health;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.imsfhir.routes.claim.ClaimsProperties;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.routes.registry.RegistryProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Health contributors (docs/operations.md): {@code validator} and {@code migrations} (with Spring
 * Boot's {@code db} and {@code readinessState} they make the readiness group, application.yaml), and
 * {@code destinations}, which is in no probe group.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
@EnableConfigurationProperties(HealthProperties.class)
public class HealthConfiguration {

    @Bean
    ValidatorWarmUp validatorWarmUp(ImsEngine engine, ImsProperties properties) {
        return properties.validation().warmUp()
                ? new ValidatorWarmUp(engine::warmUp, engine::warmUpReference)
                : new ValidatorWarmUp(null, null);
    }

    /** Warming starts once the context is up, on Spring Boot's task executor. */
    @Bean
    ApplicationRunner validatorWarmUpStart(ValidatorWarmUp warmUp,
                                           @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor executor) {
        return args -> warmUp.start(executor);
    }

    @Bean
    ValidatorHealthIndicator validatorHealthIndicator(ValidatorWarmUp warmUp) {
        return new ValidatorHealthIndicator(warmUp);
    }

    /** With Flyway turned off (spring.flyway.enabled=false) the schema is someone else's: nothing pending here. */
    @Bean
    MigrationsHealthIndicator migrationsHealthIndicator(ObjectProvider<Flyway> flyways) {
        return new MigrationsHealthIndicator(() -> {
            Flyway flyway = flyways.getIfAvailable();
            if (flyway == null) {
                return new MigrationsHealthIndicator.Migrations("not managed", 0);
            }
            var info = flyway.info();
            MigrationInfo current = info.current();
            return new MigrationsHealthIndicator.Migrations(current == null ? null : current.getVersion().getVersion(),
                    info.pending().length);
        });
    }

    @Bean
    DestinationReachability destinationsHealthIndicator(ImsProperties ims, ClaimsProperties claims, RegistryProperties registries,
                                                        HealthProperties properties, Clock clock) {
        Map<String, ProbeTarget> targets = new LinkedHashMap<>();
        if (ims.delivery().destinations().isEmpty()) {
            targets.put("ehr", new ProbeTarget.Folder(java.nio.file.Path.of("./out/ehr")));
        }
        ims.delivery().destinations().forEach((name, d) -> targets.put(name, switch (d.effectiveKind()) {
            case FHIR -> ProbeTarget.Endpoint.of(URI.create(d.baseUrl().trim()));
            case FILE -> new ProbeTarget.Folder(d.dir());
            case NOOP -> new ProbeTarget.Nothing();
        }));
        claims.insurers().forEach((name, i) -> targets.put(name, ProbeTarget.Endpoint.of(URI.create(i.baseUrl().trim()))));
        registries.feeds().forEach((name, f) -> {
            if (f.enabled()) {
                targets.put("registry:" + name, f.pushUrl() != null ? ProbeTarget.Endpoint.of(f.pushUrl())
                        : new ProbeTarget.Folder(f.dir()));
            }
        });
        return new DestinationReachability(targets, properties.destinations().timeout(),
                properties.destinations().cacheFor(), clock);
    }
}
