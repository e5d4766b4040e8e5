package org.imsfhir.routes.shutdown;

import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.delivery.DeliveryService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;

/**
 * Graceful shutdown (docs/cluster.md): new requests refused with 503 at once, the web
 * server and Camel finish what is in flight within {@code spring.lifecycle.timeout-per-shutdown-phase}
 * and {@code camel.main.shutdown-timeout}, then the node's delivery leases are released.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
public class ShutdownConfiguration {

    @Bean
    ShutdownGate shutdownGate(ApplicationEventPublisher events, ImsProperties properties) {
        return new ShutdownGate(events, properties.intake().retryAfter());
    }

    @Bean
    FilterRegistrationBean<ShutdownGate> shutdownGateFilter(ShutdownGate gate) {
        FilterRegistrationBean<ShutdownGate> registration = new FilterRegistrationBean<>(gate);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10); // before security: a closing node answers no one
        return registration;
    }

    @Bean
    LeaseRelease leaseRelease(DeliveryService delivery) {
        return new LeaseRelease(delivery);
    }
}
