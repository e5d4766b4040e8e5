package org.imsfhir.routes.claim;

import java.time.Duration;
import java.util.Map;
import org.imsfhir.adapter.claim.CountingRule;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.outbound.OutboundAuth;
import org.imsfhir.routes.outbound.OutboundTls;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * {@code ims.claims.insurers.<name>}: one insurer destination per configured payer (the key is the
 * destination's name in the outbox, the delivery API and replay). Explained in application.yaml.
 */
@ConfigurationProperties("ims.claims")
public record ClaimsProperties(Map<String, Insurer> insurers) {

    public ClaimsProperties {
        insurers = insurers == null ? Map.of() : Map.copyOf(insurers);
    }

    /**
     * One payer and where its claims go.
     *
     * @param payerId      matches the record's {@code billing.payerId}
     * @param baseUrl      the insurer's FHIR base; claims go to {@code [baseUrl]/Claim/$submit}
     * @param codeSet      {@code cpt} (20560/20561 computed) or the payer's own code set (needs mappingFile)
     * @param currency     the only fee currency the payer accepts (ISO 4217)
     * @param countingRule how muscles are counted for the code (default: same muscle both sides once)
     * @param mappingFile  the payer's fee code mapping (CSV; classpath: or file:), for a code set other than cpt
     * @param pollInterval wait between follow-up reads of a queued/partial ClaimResponse (or the retry backoff, if longer)
     * @param retry        attempts (submission, retries and polls together) and backoff of this destination
     * @param auth         how the adapter authenticates to the insurer (docs/security-out.md)
     * @param tls          the insurer's TLS: SSL bundle (client certificate, trust store), plain http allowed or not
     */
    public record Insurer(
            String payerId,
            String name,
            String baseUrl,
            String authHeader,
            @DefaultValue("cpt") String codeSet,
            String currency,
            @DefaultValue("DISTINCT_MUSCLE") CountingRule countingRule,
            Resource mappingFile,
            String memberIdSystem,
            @DefaultValue("30s") Duration pollInterval,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("60s") Duration readTimeout,
            @DefaultValue ImsProperties.Retry retry,
            @DefaultValue OutboundAuth auth,
            @DefaultValue OutboundTls tls) {

        @ConstructorBinding
        public Insurer {
            auth = auth == null ? OutboundAuth.NONE : auth;
            tls = tls == null ? OutboundTls.DEFAULT : tls;
        }

        /** Without auth and tls blocks. */
        public Insurer(String payerId, String name, String baseUrl, String authHeader, String codeSet, String currency,
                       CountingRule countingRule, Resource mappingFile, String memberIdSystem, Duration pollInterval,
                       Duration connectTimeout, Duration readTimeout, ImsProperties.Retry retry) {
            this(payerId, name, baseUrl, authHeader, codeSet, currency, countingRule, mappingFile, memberIdSystem,
                    pollInterval, connectTimeout, readTimeout, retry, null, null);
        }
    }
}
