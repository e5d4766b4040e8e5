package org.imsfhir.routes.console;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.imsfhir.routes.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.imsfhir.routes.security.Scope;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * Console login through the hospital's OpenID Connect server ({@code ims.console.oidc}): the client
 * registration (discovered from the issuer on the first login, so an unreachable identity server
 * never stops the service from starting), the user's scopes and clinics from ID token claims.
 */
public class ConsoleSingleSignOn implements ClientRegistrationRepository, GrantedAuthoritiesMapper {

    /** The registration's id: in the login and redirect paths. */
    public static final String REGISTRATION = "hospital";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSingleSignOn.class);

    private final ConsoleProperties.Oidc oidc;
    private volatile ClientRegistration registration;

    public ConsoleSingleSignOn(ConsoleProperties.Oidc oidc) {
        this.oidc = oidc;
        if (oidc.clientId() == null || oidc.clientId().isBlank()) {
            throw new IllegalStateException("ims.console.oidc.client-id must be set when ims.console.oidc.issuer-uri is set");
        }
    }

    public String displayName() {
        return oidc.displayName();
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!REGISTRATION.equals(registrationId)) {
            return null;
        }
        ClientRegistration found = registration;
        if (found == null) {
            found = ClientRegistrations.fromIssuerLocation(oidc.issuerUri())
                    .registrationId(REGISTRATION)
                    .clientId(oidc.clientId())
                    .clientSecret(oidc.clientSecret())
                    .clientName(oidc.displayName())
                    .scope("openid", "profile")
                    .redirectUri("{baseUrl}" + ConsoleSecurityConfiguration.BASE + "/login/oauth2/code/{registrationId}")
                    .build();
            registration = found;
        }
        return found;
    }

    /**
     * Logs why a sign-on failed (the OAuth2 error code and the identity server's description: no
     * user data) and sends the browser back to the login page.
     */
    public AuthenticationFailureHandler failureHandler(String loginPage) {
        SimpleUrlAuthenticationFailureHandler redirect = new SimpleUrlAuthenticationFailureHandler(loginPage);
        return (request, response, exception) -> {
            String reason = exception instanceof OAuth2AuthenticationException oauth
                    ? oauth.getError().getErrorCode() + ": " + oauth.getError().getDescription()
                    : exception.getClass().getSimpleName();
            LOG.warn("Console single sign-on failed: {}", reason);
            redirect.onAuthenticationFailure(request, response, exception);
        };
    }

    /** The scopes named in the ID token's scopes claim, as the authorities the console's rules check. */
    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<GrantedAuthority> mapped = new HashSet<>();
        for (GrantedAuthority authority : authorities) {
            if (authority instanceof OidcUserAuthority user) {
                scopes(values(user.getIdToken().getClaim(oidc.scopesClaim())))
                        .forEach(s -> mapped.add(new SimpleGrantedAuthority(s.authority())));
            }
        }
        return mapped;
    }

    /** A user logged in through the identity server as a caller; null for anyone else. */
    public Caller callerOf(Object principal) {
        if (!(principal instanceof OidcUser user)) {
            return null;
        }
        String name = user.getClaimAsString(oidc.usernameClaim());
        List<String> clinics = values(user.getClaim(oidc.clinicsClaim()));
        return new Caller(name == null || name.isBlank() ? user.getSubject() : name,
                scopes(values(user.getClaim(oidc.scopesClaim()))), clinics.contains("*"),
                clinics.contains("*") ? Set.of() : Set.copyOf(clinics));
    }

    private static Set<Scope> scopes(List<String> names) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (Scope s : Scope.values()) {
            if (names.contains(s.value())) {
                scopes.add(s);
            }
        }
        return scopes;
    }

    /** A claim as strings: a JSON array, or one space-separated string (as OAuth2 writes scopes). */
    private static List<String> values(Object claim) {
        if (claim instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return claim == null ? List.of() : List.of(String.valueOf(claim).trim().split("\\s+"));
    }
}
