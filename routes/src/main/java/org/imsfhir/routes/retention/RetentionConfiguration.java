package org.imsfhir.routes.retention;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.registry.RegistryProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Retention's beans (service mode only): the store and file purges, the run that combines them (the
 * route {@link RetentionRoutes} schedules it) and the {@code purgedAt} of the session status. The
 * folders come from the configuration the rest of the service uses, so nothing is configured twice.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
@EnableConfigurationProperties(RetentionProperties.class)
public class RetentionConfiguration {

    /** As {@code ServiceConfiguration}: with no destination configured, bundles go to ./out/ehr. */
    static final Path DEFAULT_FILE_OUTPUT = Path.of("./out/ehr");

    @Bean
    RegistryHolds retentionRegistryHolds(DataSource dataSource, ObjectProvider<RegistryProperties> registry) {
        RegistryProperties feeds = registry.getIfAvailable();
        List<String> enabled = feeds == null ? List.of()
                : feeds.feeds().entrySet().stream().filter(e -> e.getValue().enabled()).map(e -> e.getKey()).toList();
        return new RegistryHolds(dataSource, enabled);
    }

    @Bean
    RetentionStore retentionStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock,
                                  RegistryHolds retentionRegistryHolds) {
        return new RetentionStore(dataSource, transactions, clock, retentionRegistryHolds);
    }

    @Bean
    RetentionFiles retentionFiles(ImsProperties ims, ObjectProvider<RegistryProperties> registry, Clock clock) {
        ImsProperties.Inbox inbox = ims.intake().inbox();
        return new RetentionFiles(inbox.enabled() ? inbox.dir() : null, fileOutputDirs(ims), registryDirs(registry),
                clock);
    }

    @Bean
    RetentionPurge retentionPurge(RetentionProperties properties, RetentionStore retentionStore,
                                  RetentionFiles retentionFiles, RegistryHolds retentionRegistryHolds) {
        return new RetentionPurge(properties, retentionStore, retentionFiles, retentionRegistryHolds);
    }

    @Bean
    RetentionStatusDetails retentionStatusDetails(DataSource dataSource) {
        return new RetentionStatusDetails(dataSource);
    }

    /** The folders of the {@code file} destinations (the default one when none is configured). */
    static List<Path> fileOutputDirs(ImsProperties ims) {
        if (ims.delivery().destinations().isEmpty()) {
            return List.of(DEFAULT_FILE_OUTPUT);
        }
        return ims.delivery().destinations().values().stream()
                .filter(d -> d.effectiveKind() == ImsProperties.Kind.FILE).map(ImsProperties.Destination::dir).toList();
    }

    /** Every configured feed's folder, enabled or not: a feed switched off may have left staged files. */
    private static List<Path> registryDirs(ObjectProvider<RegistryProperties> registry) {
        RegistryProperties feeds = registry.getIfAvailable();
        List<Path> dirs = new ArrayList<>();
        if (feeds != null) {
            feeds.feeds().values().forEach(f -> dirs.add(f.dir()));
        }
        return dirs;
    }
}
