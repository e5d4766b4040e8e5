package org.imsfhir.routes.console;

import java.util.Map;
import java.util.Set;
import org.imsfhir.routes.security.Scope;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything under {@code ims.console:} in {@code application.yaml} (explained there and in
 * docs/console.md): whether the console is served, and its users besides the local operator.
 */
@ConfigurationProperties("ims.console")
public record ConsoleProperties(
        @DefaultValue("true") boolean enabled,
        Map<String, User> users,
        @DefaultValue Oidc oidc) {

    public ConsoleProperties {
        users = users == null ? Map.of() : Map.copyOf(users);
    }

    /**
     * Single sign-on through the hospital's OpenID Connect server; off while {@code issuer-uri} is
     * empty. What a user may do comes from claims of their ID token: {@code scopes-claim} (the API's
     * scope names, a list or a space-separated string) and {@code clinics-claim} ({@code "*"} for
     * all; without the claim, no clinic).
     */
    public record Oidc(
            String issuerUri,
            String clientId,
            String clientSecret,
            @DefaultValue("Hospital sign-in") String displayName,
            @DefaultValue("ims_scopes") String scopesClaim,
            @DefaultValue("ims_clinics") String clinicsClaim,
            @DefaultValue("preferred_username") String usernameClaim) {

        public boolean enabled() {
            return issuerUri != null && !issuerUri.isBlank();
        }
    }

    /**
     * A console user: a password hash in Spring Security's format ({@code {bcrypt}$2a$...},
     * {@code {pbkdf2}...}; never a plain password), the scopes ({@code read} for a reader, plus
     * {@code operate} for an operator, {@code phi} to see patient data) and the clinics whose
     * records they see ({@code "*"} for all).
     */
    public record User(
            String passwordHash,
            Set<Scope> scopes,
            @DefaultValue("*") Set<String> clinics) {

        public User {
            scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
            clinics = clinics == null ? Set.of() : Set.copyOf(clinics);
        }

        public boolean allClinics() {
            return clinics.contains("*");
        }
    }
}
