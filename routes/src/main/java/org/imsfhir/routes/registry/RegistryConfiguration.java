package org.imsfhir.routes.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.terminology.Terminology;
import org.imsfhir.adapter.registry.Pseudonymiser;
import org.imsfhir.adapter.registry.RegistryFeedMapper;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.outbound.ReceiverClients;
import java.util.Optional;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.imsfhir.routes.api.ApiJson;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The registry feeds' beans (service mode only): the checked pseudonym keys, store, batch service,
 * Camel routes (REST API, retry poll, start-up recovery) and one cron schedule per enabled feed
 * (Spring's {@link CronTrigger} on a one-thread scheduler of its own).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
@EnableConfigurationProperties(RegistryProperties.class)
public class RegistryConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryConfiguration.class);

    @Bean
    RegistryStore registryStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        return new RegistryStore(dataSource, transactions, clock);
    }

    /** Feed locks in the database ({@code shedlock} table, V33), on the database's clock: shared by every node. */
    @Bean
    FeedLocks feedLocks(DataSource dataSource, RegistryProperties properties) {
        return new DatabaseFeedLocks(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build()), properties.lockAtMost());
    }

    @Bean
    RegistryStatusDetails registryStatusDetails(RegistryStore store, ApiJson json) {
        return new RegistryStatusDetails(store, json);
    }

    @Bean
    RegistryBatchService registryBatchService(RegistryProperties properties, RegistryKeys keys, RegistryStore store, Clock clock,
                                              ObjectProvider<ProfileValidator> validators, ImsEngine engine, Terminology terminology,
                                              ReceiverClients receivers, FeedLocks locks) {
        ImsToFhirConverter converter = new ImsToFhirConverter(terminology);
        List<RegistryFeed> feeds = new ArrayList<>();
        for (Map.Entry<String, RegistryProperties.Feed> e : properties.feeds().entrySet()) {
            RegistryProperties.Feed f = e.getValue();
            if (!f.enabled()) {
                continue;
            }
            String id = e.getKey();
            feeds.add(new RegistryFeed(id, f, new RegistryFeedMapper(converter, id, Pseudonymiser.of(keys.of(id))),
                    f.push() ? new HttpPushBatchSender(f.pushUrl(), receivers.create(new ReceiverClients.Spec(id,
                            "ims.registry.feeds." + id, "push-url", f.pushUrl(), f.auth(), f.authHeader(), f.tls(), f.connectTimeout(),
                            f.readTimeout())))
                            : new FolderBatchSender(f.dir())));
        }
        return new RegistryBatchService(store, feeds, RegistryBatchService.ResourceValidator.of(lazy(validators)),
                engine, clock, locks);
    }

    /** The service's validator bean (lazy: built at its first use), looked up once. */
    private static Supplier<ProfileValidator> lazy(ObjectProvider<ProfileValidator> validators) {
        return new Supplier<>() {
            private volatile ProfileValidator v;

            @Override
            public ProfileValidator get() {
                if (v == null) {
                    synchronized (this) {
                        if (v == null) {
                            v = validators.getObject();
                        }
                    }
                }
                return v;
            }
        };
    }

    /**
     * The feeds' pseudonym keys, checked before any feed is built (see {@link RegistryKeys}); its own
     * configuration, without database or Camel, so that a test can start just this check.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({RegistryProperties.class, ImsProperties.class})
    static class PseudonymKeys {

        @Bean
        RegistryKeys registryKeys(RegistryProperties properties, ImsProperties ims) {
            RegistryKeys keys = RegistryKeys.check(properties, ims.demoMode());
            if (ims.demoMode()) {
                // One line, at start, in every log: demo output must never be mistaken for protected output.
                LOG.warn("Demo mode is on (Spring profile demo): {}; not for real patient data",
                        keys.devKeyFeeds().isEmpty() ? "public dev keys are accepted"
                                : "registry feed(s) " + keys.devKeyFeeds() + " use the public dev pseudonym key, so their pseudonyms protect nothing");
            }
            return keys;
        }
    }

    @Bean
    RegistryRoutes registryRoutes(RegistryBatchService service, RegistryProperties properties, ApiJson json) {
        return new RegistryRoutes(new RegistryApi(service, json), service, properties.retryPoll());
    }

    /**
     * One cron schedule per feed, started once the application is ready. The scheduler is private to
     * the feeds, not a bean: a TaskScheduler bean would make Spring Boot drop its default task
     * executor, which the Camel platform-http engine needs.
     */
    @Bean(destroyMethod = "stop")
    RegistrySchedules registrySchedules(RegistryBatchService service, RegistryProperties properties) {
        return new RegistrySchedules(service, properties);
    }

    /** Starts the feeds' cron schedules when the application is ready. */
    public static final class RegistrySchedules {
        private final RegistryBatchService service;
        private final RegistryProperties properties;
        private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

        RegistrySchedules(RegistryBatchService service, RegistryProperties properties) {
            this.service = service;
            this.properties = properties;
            scheduler.setPoolSize(1);
            scheduler.setThreadNamePrefix("ims-registry-");
        }

        @EventListener(ApplicationReadyEvent.class)
        public void start() {
            scheduler.initialize();
            for (String id : service.feedIds()) {
                String cron = properties.feeds().get(id).cron();
                scheduler.schedule(() -> runQuietly(id), new CronTrigger(cron));
                LOG.info("Registry feed {}: batches on cron '{}'", id, cron);
            }
        }

        public void stop() {
            scheduler.shutdown();
        }

        private void runQuietly(String id) {
            try {
                Optional<BatchRun> run = service.runScheduled(id, properties.scheduleHold());
                if (run.isPresent()) {
                    LOG.info("Registry feed {}: scheduled run {}", id, run.get().result());
                } else {
                    LOG.debug("Registry feed {}: scheduled run left to another node this period", id);
                }
            } catch (RuntimeException e) {
                // Next run (or the retry poll) tries again; no patient data in the message.
                LOG.warn("Registry feed {}: scheduled run failed: {}", id, e.getClass().getSimpleName());
            }
        }
    }
}
