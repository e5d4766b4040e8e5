package org.imsfhir.routes.security;

import java.util.EnumSet;
import java.util.Set;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Turns Spring Security's authentication into a {@link Caller}: the client id for the audit, the
 * scopes it was granted, and the clinics configured for that client ({@code ims.security.clients}).
 */
public class CallerResolver {

    private final SecurityProperties properties;

    public CallerResolver(SecurityProperties properties) {
        this.properties = properties;
    }

    /** The caller, or null for no or anonymous authentication. */
    public Caller of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        String id = authentication instanceof JwtAuthenticationToken jwt
                ? jwt.getToken().getClaimAsString(properties.oauth2().clientIdClaim())
                : authentication.getName();
        if (id == null || id.isBlank()) {
            id = authentication.getName();
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (GrantedAuthority a : authentication.getAuthorities()) {
            for (Scope s : Scope.values()) {
                if (s.authority().equals(a.getAuthority())) {
                    scopes.add(s);
                }
            }
        }
        if (isLocalOperator(authentication)) {
            return new Caller(id, EnumSet.allOf(Scope.class), true, Set.of());
        }
        SecurityProperties.Client client = properties.clients().get(id);
        if (client == null) {
            return new Caller(id, scopes, false, Set.of());
        }
        return new Caller(id, scopes, client.allClinics(), client.clinics());
    }

    /**
     * Who a stored actor name is now, by configuration (start-up recovery judges stored intakes
     * again with their sender's clinics). An actor no longer registered may send for no clinic.
     */
    public Caller ofActor(String actor) {
        if (actor == null || Caller.INBOX.id().equals(actor)) {
            return actor == null ? new Caller("unknown", Set.of(), false, Set.of()) : Caller.INBOX;
        }
        if (properties.localOperator().enabled() && properties.localOperator().username().equals(actor)) {
            return new Caller(actor, EnumSet.allOf(Scope.class), true, Set.of());
        }
        SecurityProperties.Client client = properties.clients().get(actor);
        return client == null ? new Caller(actor, Set.of(), false, Set.of())
                : new Caller(actor, client.scopes(), client.allClinics(), client.clinics());
    }

    private boolean isLocalOperator(Authentication authentication) {
        return properties.localOperator().enabled()
                && authentication instanceof org.springframework.security.authentication.UsernamePasswordAuthenticationToken
                && properties.localOperator().username().equals(authentication.getName());
    }
}
