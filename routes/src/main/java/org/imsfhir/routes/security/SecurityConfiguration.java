package org.imsfhir.routes.security;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.imsfhir.routes.api.ApiDocs;
import org.imsfhir.routes.api.ApiDocsConfiguration;
import org.imsfhir.routes.audit.AccessAuditFilter;
import org.imsfhir.routes.audit.AccessAuditStore;
import org.imsfhir.routes.outbound.JwksController;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Deny by default (docs/security.md): every request needs a caller (bearer JWT, client certificate
 * or the local operator's HTTP Basic credential) with the scope its endpoint asks for, except the
 * health probes and the adapter's public keys ({@code /.well-known/jwks.json}). Stateless: no
 * session, no cookie, so no CSRF token is needed for this API.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
@EnableWebSecurity
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {

    @Bean
    CallerResolver callerResolver(SecurityProperties properties) {
        return new CallerResolver(properties);
    }

    @Bean
    AccessAuditStore accessAuditStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        return new AccessAuditStore(dataSource, transactions, clock);
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, CallerResolver callers,
                            AccessAuditStore audit) throws Exception {
        boolean basic = properties.localOperator().enabled();
        var unauthenticated = OutcomeResponses.unauthenticated(basic);
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(OutcomeResponses.forbidden()))
                .authorizeHttpRequests(a -> a
                        // The async re-dispatch of an already authorised request, and error pages.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        // The adapter's public keys: authorization servers fetch them without credentials.
                        .requestMatchers(HttpMethod.GET, JwksController.PATH).permitAll()
                        .requestMatchers(HttpMethod.POST, "/ims/sessions").hasAuthority(Scope.SUBMIT.authority())
                        .requestMatchers(HttpMethod.GET, "/ims/sessions/*", "/ims/deliveries", "/ims/deliveries/summary",
                                "/ims/registries/*/batches", "/ims/registries/*/exclusions").hasAuthority(Scope.READ.authority())
                        .requestMatchers(HttpMethod.POST, "/ims/deliveries/*/replay", "/ims/destinations/*/replay",
                                "/ims/registries/*/batches", "/ims/registries/*/batches/*/replay").hasAuthority(Scope.OPERATE.authority())
                        .requestMatchers(HttpMethod.GET, "/ims/audit").hasAuthority(Scope.ADMIN.authority())
                        // The API description and its Swagger UI (docs/api.md).
                        .requestMatchers(HttpMethod.GET, ApiDocs.PATH, ApiDocsConfiguration.UI + "/**")
                        .hasAuthority(Scope.READ.authority())
                        .requestMatchers("/actuator/**").hasAuthority(Scope.ADMIN.authority())
                        .anyRequest().denyAll())
                .x509(x -> {
                    CertificateClients clients = new CertificateClients(properties.clients());
                    x.x509PrincipalExtractor(clients).userDetailsService(clients);
                })
                .addFilterAfter(new AccessAuditFilter(audit, () -> actorOf(callers)), SecurityContextHolderFilter.class)
                .addFilterAfter(new CallerFilter(callers), AuthorizationFilter.class);
        if (basic) {
            http.httpBasic(b -> b.authenticationEntryPoint(unauthenticated));
        } else {
            http.httpBasic(b -> b.disable());
        }
        if (properties.oauth2().enabled()) {
            http.oauth2ResourceServer(o -> o.authenticationEntryPoint(unauthenticated)
                    .accessDeniedHandler(OutcomeResponses.forbidden())
                    .jwt(j -> j.decoder(jwtDecoder(properties.oauth2()))));
        }
        return http.build();
    }

    private static String actorOf(CallerResolver callers) {
        Caller caller = callers.of(SecurityContextHolder.getContext().getAuthentication());
        return caller == null ? "anonymous" : caller.id();
    }

    /**
     * Signature through the issuer's JWKS with asymmetric algorithms only (so neither {@code none}
     * nor an HMAC "signed" with the public key passes), then issuer, audience and time window.
     */
    static JwtDecoder jwtDecoder(SecurityProperties.OAuth2 oauth2) {
        if (oauth2.jwkSetUri() == null || oauth2.jwkSetUri().isBlank()) {
            throw new IllegalStateException("ims.security.oauth2.jwk-set-uri must be set when issuer-uri is set");
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(oauth2.jwkSetUri())
                .jwsAlgorithms(algs -> algs.addAll(List.of(
                        org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS256,
                        org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS384,
                        org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.RS512,
                        org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES256,
                        org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.ES384,
                        org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.PS256,
                        org.springframework.security.oauth2.jose.jws.SignatureAlgorithm.PS384)))
                .build();
        List<String> audiences = List.copyOf(oauth2.audiences());
        OAuth2TokenValidator<Jwt> audience = new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                aud -> aud != null && aud.stream().anyMatch(audiences::contains));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(oauth2.clockSkew()),
                new JwtIssuerValidator(oauth2.issuerUri()),
                audience));
        return decoder;
    }

    /** The local operator (HTTP Basic), when enabled; its password from the credential file. */
    @Bean
    UserDetailsService localOperator(SecurityProperties properties, PasswordEncoder encoder) {
        SecurityProperties.LocalOperator operator = properties.localOperator();
        if (!operator.enabled()) {
            return new InMemoryUserDetailsManager();
        }
        String password = LocalOperatorCredential.readOrCreate(operator.credentialFile(), operator.username());
        return new InMemoryUserDetailsManager(User.withUsername(operator.username())
                .password(encoder.encode(password))
                .authorities(java.util.Arrays.stream(Scope.values()).map(Scope::authority).toArray(String[]::new))
                .build());
    }

    /** PBKDF2 with few rounds: the operator password is 256 random bits; more rounds would only add latency. */
    @Bean
    PasswordEncoder operatorPasswordEncoder() {
        return new Pbkdf2PasswordEncoder("", 16, 1000, Pbkdf2PasswordEncoder.SecretKeyFactoryAlgorithm.PBKDF2WithHmacSHA256);
    }
}
