package org.imsfhir.routes.outbound;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** Security out (docs/security-out.md): the adapter's signing keys and the receiver clients' factory. */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
@EnableConfigurationProperties(OutboundProperties.class)
public class OutboundConfiguration {

    @Bean
    AdapterKeys adapterKeys(OutboundProperties properties) {
        return new AdapterKeys(properties);
    }

    @Bean
    ReceiverClients receiverClients(OutboundProperties properties, AdapterKeys keys, SslBundles bundles, Clock clock,
                                    ObjectProvider<MeterRegistry> metrics) {
        return new ReceiverClients(properties, keys, bundles, FhirContext.forR4Cached(), clock, metrics.getIfAvailable());
    }
}
