package org.imsfhir.routes.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code ims.security:} in {@code application.yaml} (each option is explained there
 * and in docs/security.md): bearer tokens, the clients and their clinics, the local operator.
 * The service's own TLS and client-certificate mode are Spring Boot's {@code server.ssl.*}.
 */
@ConfigurationProperties("ims.security")
public record SecurityProperties(
        @DefaultValue OAuth2 oauth2,
        @DefaultValue LocalOperator localOperator,
        Map<String, Client> clients) {

    public SecurityProperties {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
    }

    /** Bearer JWTs from an OAuth2 authorization server; off while {@code issuer-uri} is empty. */
    public record OAuth2(
            String issuerUri,
            String jwkSetUri,
            @DefaultValue("ims-fhir-adapter") List<String> audiences,
            @DefaultValue("30s") Duration clockSkew,
            @DefaultValue("sub") String clientIdClaim) {

        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }
    }

    /** The operator credential made at first start for the quick start (HTTP Basic, every scope and clinic). */
    public record LocalOperator(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("operator") String username,
            @DefaultValue("./data/operator-credential") Path credentialFile) {
    }

    /**
     * A registered client: the clinics it may send and read ({@code "*"} for all), and for certificate
     * clients their scopes and how their certificate is recognised (subject DN or a SAN value).
     */
    public record Client(
            Set<String> clinics,
            Set<Scope> scopes,
            String certificateSubject,
            String certificateSan) {

        public Client {
            clinics = clinics == null ? Set.of() : Set.copyOf(clinics);
            scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
        }

        public boolean allClinics() {
            return clinics.contains("*");
        }
    }
}
