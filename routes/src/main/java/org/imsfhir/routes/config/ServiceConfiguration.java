package org.imsfhir.routes.config;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.imsfhir.routes.intake.IntakeService;
import org.imsfhir.adapter.ConversionOptions;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.routes.pipeline.AdapterSessionPipeline;
import org.imsfhir.routes.pipeline.SessionPipeline;
import org.imsfhir.routes.audit.AccessAuditStore;
import org.imsfhir.routes.api.AuditApi;
import org.imsfhir.routes.security.CallerResolver;
import org.imsfhir.routes.store.MessageStore;
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

    @Bean
    MessageStore messageStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        return new MessageStore(dataSource, transactions, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    SessionPipeline sessionPipeline(ImsProperties properties) {
        AdapterSessionPipeline pipeline = new AdapterSessionPipeline(ImsRecordReader.standard(),
                new ImsToFhirConverter(), ConversionOptions.defaults(), ProfileValidator.standard());
        if (properties.validation().warmUp()) {
            pipeline.warmUp();
        }
        return pipeline;
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
    IntakeService intakeService(MessageStore store, SessionPipeline pipeline, Destinations destinations, ImsProperties properties,
                                CallerResolver callers) {
        return new IntakeService(store, pipeline, destinations.senders().keySet(), destinations::wants,
                destinations::accepted, recordJudges(properties.intake().effectiveJudgeThreads()), callers::ofActor);
    }

    /**
     * The threads that judge records (mapping + profile validation, CPU bound), one per core by
     * default. Not a bean: an Executor bean would replace Spring Boot's task executor, which Camel's
     * platform-http needs. Idle threads end, so a closed context leaves none behind.
     */
    private static ThreadPoolExecutor recordJudges(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ims-judge-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Bean
    DeliveryService deliveryService(MessageStore store, Destinations destinations, ImsProperties properties, Clock clock) {
        return new DeliveryService(store, destinations.senders(), destinations.retries(), properties.delivery(), clock);
    }

    @Bean
    IntakeApi intakeApi(IntakeService intake, MessageStore store,
                        org.springframework.beans.factory.ObjectProvider<SessionStatusDetails> details) {
        return new IntakeApi(intake, store, details.orderedStream().toList());
    }

    @Bean
    DeliveryApi deliveryApi(MessageStore store, Destinations destinations) {
        return new DeliveryApi(store, destinations.senders().keySet());
    }

    @Bean
    AuditApi auditApi(AccessAuditStore store) {
        return new AuditApi(store);
    }

    @Bean
    InboxProcessor inboxProcessor(IntakeService intake, ImsProperties properties) {
        return new InboxProcessor(intake, properties.intake().inbox().dir());
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(ImsProperties properties) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.intake().maxBodySize().toBytes()));
        registration.addUrlPatterns("/ims/*");
        return registration;
    }
}
