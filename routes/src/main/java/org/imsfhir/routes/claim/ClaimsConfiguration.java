package org.imsfhir.routes.claim;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.imsfhir.adapter.claim.ClaimBundleBuilder;
import org.imsfhir.adapter.claim.FeeCodeMapping;
import org.imsfhir.adapter.claim.PayerConfig;
import org.imsfhir.adapter.claim.PayerDirectory;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.terminology.Terminology;
import org.imsfhir.routes.delivery.DestinationSender;
import org.imsfhir.routes.outbound.ReceiverClients;
import org.imsfhir.routes.store.StatusQueries;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.Resource;
import org.springframework.transaction.PlatformTransactionManager;

/** Insurer claims: payer configuration, the claim store, one insurer destination per payer, the status view. */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
@EnableConfigurationProperties(ClaimsProperties.class)
public class ClaimsConfiguration {

    @Bean
    ClaimStore claimStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        return new ClaimStore(dataSource, transactions, clock);
    }

    @Bean
    ClaimStatusDetails claimStatusDetails(ClaimStore store, org.imsfhir.routes.store.StatusQueries messages,
                                          org.imsfhir.routes.api.ApiJson json) {
        return new ClaimStatusDetails(store, messages::publicIdOf, json);
    }

    /** A payer configuration that cannot be used stops start-up, naming the insurer and the problem. */
    static PayerConfig payer(String name, ClaimsProperties.Insurer i) {
        if (i.payerId() == null || i.baseUrl() == null || i.currency() == null) {
            throw new IllegalStateException("ims.claims.insurers." + name + ": payer-id, base-url and currency are required");
        }
        FeeCodeMapping mapping = i.mappingFile() == null ? null : read(i.mappingFile());
        try {
            return new PayerConfig(i.payerId(), i.name(), i.codeSet(), i.currency(), i.countingRule(), i.memberIdSystem(), mapping);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ims.claims.insurers." + name + ": " + e.getMessage(), e);
        }
    }

    private static FeeCodeMapping read(Resource file) {
        try {
            return FeeCodeMapping.parse(file.getFilename(), file.getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fee code mapping " + file.getDescription(), e);
        }
    }

    @Bean
    InsurerDestinations insurerDestinations(ClaimsProperties properties, ClaimStore claims, StatusQueries messages, Clock clock,
                                            ReceiverClients receivers, ObjectProvider<MeterRegistry> metrics,
                                            ImsEngine engine, Terminology terminology) {
        List<PayerConfig> payers = new ArrayList<>();
        properties.insurers().forEach((name, i) -> payers.add(payer(name, i)));
        ClaimBundleBuilder builder = new ClaimBundleBuilder(terminology, new PayerDirectory(payers));
        Map<String, DestinationSender> senders = new LinkedHashMap<>();
        properties.insurers().forEach((name, i) -> senders.put(name, new ClaimSender(name, i,
                receivers.create(new ReceiverClients.Spec(name, "ims.claims.insurers." + name, "base-url", URI.create(i.baseUrl().trim()),
                        i.auth(), i.authHeader(), i.tls(), i.connectTimeout(), i.readTimeout())),
                builder, claims, messages, engine, FhirContext.forR4Cached(), clock)));
        return new InsurerDestinations(properties.insurers(), senders, claims, metrics.getIfAvailable());
    }
}
