package org.imsfhir.testauth;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes access tokens like RFC 9068 ones: {@code aud} is the client's configured audience (Spring
 * Authorization Server would put the client id there), {@code client_id} names the client, and
 * {@code scope} is one space-separated string rather than a JSON array.
 */
final class AccessTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

  @Override
  public void customize(JwtEncodingContext context) {
    if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
      return;
    }
    RegisteredClient client = context.getRegisteredClient();
    String audience = client.getClientSettings().getSetting(ClientsFile.AUDIENCE_SETTING);
    if (audience != null) {
      context.getClaims().audience(List.of(audience));
    }
    context.getClaims().claim("client_id", client.getClientId());
    Set<String> scopes = new TreeSet<>(context.getAuthorizedScopes());
    if (scopes.isEmpty()) {
      context.getClaims().claims(claims -> claims.remove("scope"));
    } else {
      context.getClaims().claim("scope", String.join(" ", scopes));
    }
  }
}
