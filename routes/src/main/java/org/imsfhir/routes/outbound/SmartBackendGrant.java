package org.imsfhir.routes.outbound;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * SMART App Launch 2.x Backend Services: client credentials with a signed JWT client assertion
 * ({@code private_key_jwt}). The token endpoint is configured, or read once from the receiver's
 * {@code .well-known/smart-configuration} and kept; the assertion's {@code aud} is that endpoint.
 */
final class SmartBackendGrant implements TokenGrant {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final TokenEndpoint endpoint;
    private final URI base;
    private final ClientAssertions assertions;
    private final String scope;
    private final Consumer<URI> transportCheck;
    private volatile URI tokenEndpoint;

    /**
     * @param configured     the token endpoint, or null to discover it from {@code base}
     * @param transportCheck refuses a discovered endpoint that the destination's transport rules forbid
     */
    SmartBackendGrant(TokenEndpoint endpoint, URI base, URI configured, ClientAssertions assertions, String scope,
                      Consumer<URI> transportCheck) {
        this.endpoint = endpoint;
        this.base = base;
        this.tokenEndpoint = configured;
        this.assertions = assertions;
        this.scope = scope;
        this.transportCheck = transportCheck;
    }

    @Override
    public AccessToken fetch() throws TokenFailure {
        URI target = tokenEndpoint();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (OutboundAuth.present(scope)) {
            form.put("scope", scope.trim());
        }
        form.put("client_assertion_type", ASSERTION_TYPE);
        form.put("client_assertion", assertions.sign(target));
        return endpoint.request(target, form, null);
    }

    private URI tokenEndpoint() throws TokenFailure {
        URI known = tokenEndpoint;
        if (known == null) {
            known = endpoint.discover(base);
            try {
                transportCheck.accept(known);
            } catch (IllegalStateException e) {
                throw new TokenFailure("discovered token endpoint refused: " + e.getMessage(), true);
            }
            tokenEndpoint = known;
        }
        return known;
    }
}
