package org.imsfhir.routes.outbound;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** OAuth2 client credentials with a client secret, sent as HTTP Basic (client_secret_basic) or in the form (client_secret_post). */
final class ClientSecretGrant implements TokenGrant {

    private final TokenEndpoint endpoint;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String secret;
    private final OutboundAuth.ClientAuthMethod method;
    private final String scope;

    ClientSecretGrant(TokenEndpoint endpoint, URI tokenEndpoint, String clientId, String secret,
                      OutboundAuth.ClientAuthMethod method, String scope) {
        this.endpoint = endpoint;
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.secret = secret;
        this.method = method;
        this.scope = scope;
    }

    @Override
    public AccessToken fetch() throws TokenFailure {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (OutboundAuth.present(scope)) {
            form.put("scope", scope.trim());
        }
        String basic = null;
        if (method == OutboundAuth.ClientAuthMethod.POST) {
            form.put("client_id", clientId);
            form.put("client_secret", secret);
        } else {
            // RFC 6749 2.3.1: id and secret are form-encoded before they are joined.
            String pair = TokenEndpoint.encode(clientId) + ":" + TokenEndpoint.encode(secret);
            basic = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return endpoint.request(tokenEndpoint, form, basic);
    }
}
