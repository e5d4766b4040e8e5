package org.imsfhir.routes.config;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.imsfhir.routes.api.BodySizeLimitFilter;
import org.imsfhir.routes.api.DeliveryApi;
import org.imsfhir.routes.api.IntakeApi;
import org.imsfhir.routes.api.SessionStatusDetails;
import org.imsfhir.routes.delivery.DeliveryService;
import org.imsfhir.routes.delivery.DestinationContributor;
import org.imsfhir.routes.delivery.DestinationSender;
import org.imsfhir.routes.delivery.FhirTransactionSender;
import org.imsfhir.routes.delivery.FileSender;
import org.imsfhir.routes.delivery.NoopSender;
import org.imsfhir.routes.intake.InboxProcessor;
import org.imsfhir.routes.outbound.ReceiverClients;
import org.imsfhir.routes.intake.IntakeRecovery;
import org.imsfhir.routes.intake.IntakeService;
import org.imsfhir.routes.intake.JudgeQueue;
import org.imsfhir.routes.intake.PayloadBudget;
import org.imsfhir.routes.metrics.DeliveryMetrics;
import org.imsfhir.routes.metrics.RecordMetrics;
import org.imsfhir.routes.poison.OutboxGuard;
import org.imsfhir.routes.poison.PoisonRecords;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.routes.audit.AccessAuditStore;
import org.imsfhir.routes.api.ApiJson;
import org.imsfhir.routes.api.AuditApi;
import org.imsfhir.routes.security.CallerResolver;
import org.imsfhir.routes.store.IntakeStore;
import org.imsfhir.routes.store.NodeRegistry;
import org.imsfhir.routes.store.OutboxStore;
import org.imsfhir.routes.store.StatusQueries;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.DependsOn;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.transaction.PlatformTransactionManager;

/** The service's beans (not made in the command-line mode, profile {@code cli}). */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
public class ServiceConfiguration {

    /** The destination made when none is configured: bundles as files under ./out/ehr. */
    static final String DEFAULT_DESTINATION = "ehr";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** This process's node id: configured, or generated per process (logged at start). */
    @Bean
    NodeIdentity nodeIdentity(ImsProperties properties) {
        return NodeIdentity.of(properties.delivery().nodeId());
    }

    /**
     * Registers this node in the database; a live node with the same id stops the start. Given up
     * at stop, after the beans that depend on it (the intake store, the judging queue). Made once
     * Flyway has migrated the schema (it reads and writes {@code ims_node} at once).
     */
    @Bean
    @DependsOnDatabaseInitialization
    NodeRegistration nodeRegistration(DataSource dataSource, PlatformTransactionManager transactions, Clock clock,
                                      NodeIdentity node, ImsProperties properties) {
        return new NodeRegistration(new NodeRegistry(dataSource, transactions, clock), node, properties.delivery().lease());
    }

    @Bean
    IntakeStore intakeStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock,
                            NodeRegistration node) {
        return new IntakeStore(dataSource, transactions, clock, node.nodeId());
    }

    @Bean
    OutboxStore outboxStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        return new OutboxStore(dataSource, transactions, clock);
    }

    @Bean
    StatusQueries statusQueries(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        return new StatusQueries(dataSource, transactions, clock);
    }

    @Bean
    Destinations destinations(ImsProperties properties, ReceiverClients receivers,
                              org.springframework.beans.factory.ObjectProvider<DestinationContributor> contributorBeans) {
        java.util.List<DestinationContributor> contributors = contributorBeans.orderedStream().toList();
        Map<String, ImsProperties.Destination> configured = new LinkedHashMap<>(properties.delivery().destinations());
        if (configured.isEmpty()) {
            configured.put(DEFAULT_DESTINATION, new ImsProperties.Destination(ImsProperties.Kind.FILE, null, null,
                    java.nio.file.Path.of("./out/ehr"), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(60),
                    new ImsProperties.Retry(12, java.time.Duration.ofSeconds(1), 2.0, java.time.Duration.ofMinutes(5),
                            java.time.Duration.ofHours(1))));
        }
        Map<String, DestinationSender> senders = new LinkedHashMap<>();
        Map<String, ImsProperties.Retry> retries = new LinkedHashMap<>();
        configured.forEach((name, d) -> {
            senders.put(name, switch (d.effectiveKind()) {
                case FHIR -> new FhirTransactionSender(d.baseUrl(), receivers.create(new ReceiverClients.Spec(name,
                        "ims.delivery.destinations." + name, "base-url", java.net.URI.create(d.baseUrl().trim()), d.auth(), d.authHeader(),
                        d.tls(), d.connectTimeout(), d.readTimeout())), FhirContext.forR4Cached());
                case FILE -> new FileSender(d.dir());
                case NOOP -> new NoopSender();
            });
            retries.put(name, d.retry());
        });
        for (DestinationContributor c : contributors) {
            c.senders().forEach((name, sender) -> {
                if (senders.putIfAbsent(name, sender) != null) {
                    throw new IllegalStateException("destination name '" + name + "' is configured twice");
                }
            });
            retries.putAll(c.retries());
        }
        return new Destinations(senders, retries, java.util.List.copyOf(contributors));
    }

    /** The configured destinations by name: how to send, how to retry, and which sessions each wants. */
    public record Destinations(Map<String, DestinationSender> senders, Map<String, ImsProperties.Retry> retries,
                               java.util.List<DestinationContributor> contributors) {

        /** Tells every contributor that a session is accepted (see {@link DestinationContributor#accepted}). */
        public void accepted(long messageId, String sessionKey, org.imsfhir.adapter.record.ImsSession session) {
            contributors.forEach(c -> c.accepted(messageId, sessionKey, session));
        }

        /** A contributed destination decides for itself; the EHR destinations take every session. */
        public boolean wants(String destination, org.imsfhir.adapter.record.ImsSession session) {
            return contributors.stream().filter(c -> c.senders().containsKey(destination)).findFirst()
                    .map(c -> c.wants(destination, session)).orElse(true);
        }
    }

    @Bean
    IntakeService intakeService(IntakeStore store, ImsEngine pipeline, Destinations destinations, ImsProperties properties,
                                CallerResolver callers, JudgeQueue recordJudges, PoisonRecords poison, RecordMetrics metrics) {
        return new IntakeService(store, pipeline, destinations.senders().keySet(), destinations::wants,
                destinations::accepted, recordJudges, callers::ofActor, poison, properties.intake().retryAfter(), metrics);
    }

    /**
     * The bounded judging queue: one judge thread per core by default, at most
     * {@code ims.intake.max-queued-records} records admitted and not yet judged. Spring-managed (shut
     * down with the context), but deliberately not an Executor bean: one would make Spring Boot drop
     * its own task executor, which Camel's platform-http needs (and platform-http takes any thread
     * pool bean it finds).
     */
    @Bean
    @DependsOn("nodeRegistration")
    JudgeQueue recordJudges(ImsProperties properties, ObjectProvider<MeterRegistry> metrics) {
        JudgeQueue queue = new JudgeQueue(properties.intake().effectiveJudgeThreads(), properties.intake().maxQueuedRecords());
        metrics.ifAvailable(queue::bindTo);
        return queue;
    }

    /** The bytes of payloads held at once (request bodies and inbox files): {@code ims.intake.max-buffered-bytes}. */
    @Bean
    PayloadBudget payloadBudget(ImsProperties properties, ObjectProvider<MeterRegistry> metrics) {
        PayloadBudget budget = new PayloadBudget(properties.intake().maxBufferedBytes().toBytes());
        metrics.ifAvailable(budget::bindTo);
        return budget;
    }

    /** Counts (metric {@value PoisonRecords#METRIC}) and logs what the service's loops set aside. */
    @Bean
    PoisonRecords poisonRecords(ObjectProvider<MeterRegistry> metrics) {
        return new PoisonRecords(metrics.getIfAvailable());
    }

    @Bean
    IntakeRecovery intakeRecovery(IntakeStore store, IntakeService intake, PoisonRecords poison, ImsProperties properties) {
        return new IntakeRecovery(store, intake, poison, properties.delivery().lease());
    }

    @Bean
    OutboxGuard outboxGuard(DeliveryService delivery, OutboxStore store, Destinations destinations, PoisonRecords poison) {
        return new OutboxGuard(delivery::attempt, store, destinations.retries(), poison);
    }

    /** Checks at start that the lease outlasts every destination's longest attempt ({@link org.imsfhir.routes.delivery.LeaseBudget}). */
    @Bean
    DeliveryService deliveryService(OutboxStore store, Destinations destinations, ImsProperties properties,
                                    NodeRegistration node, DeliveryMetrics metrics) {
        return new DeliveryService(store, destinations.senders(), destinations.retries(), properties.delivery(), node.nodeId(),
                metrics);
    }

    /** The API's answers and the inbox reports, written with Spring Boot's one ObjectMapper. */
    @Bean
    ApiJson apiJson(com.fasterxml.jackson.databind.ObjectMapper mapper) {
        return new ApiJson(mapper);
    }

    @Bean
    IntakeApi intakeApi(IntakeService intake, StatusQueries store,
                        org.springframework.beans.factory.ObjectProvider<SessionStatusDetails> details, ApiJson json) {
        return new IntakeApi(intake, store, details.orderedStream().toList(), json);
    }

    @Bean
    DeliveryApi deliveryApi(StatusQueries store, OutboxStore outbox, Destinations destinations, ApiJson json) {
        return new DeliveryApi(store, outbox, destinations.senders().keySet(), json);
    }

    @Bean
    AuditApi auditApi(AccessAuditStore store, ApiJson json) {
        return new AuditApi(store, json);
    }

    @Bean
    InboxProcessor inboxProcessor(IntakeService intake, ImsProperties properties, PayloadBudget budget, ApiJson json) {
        return new InboxProcessor(intake, properties.intake().inbox(), budget, json);
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(ImsProperties properties, PayloadBudget budget) {
        FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(
                properties.intake().maxBodySize().toBytes(), budget, properties.intake().retryAfter()));
        registration.addUrlPatterns("/ims/*");
        return registration;
    }
}
