package org.imsfhir.testauth;

import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/** Puts a user's configured claims (e.g. their roles for the service) into their ID token. */
final class IdTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

  private final TestUsers users;

  IdTokenClaims(TestUsers users) {
    this.users = users;
  }

  @Override
  public void customize(JwtEncodingContext context) {
    if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
      return;
    }
    users.find(context.getPrincipal().getName()).ifPresent(user -> {
      context.getClaims().claim("preferred_username", user.username());
      if (user.claims() != null) {
        user.claims().forEach((name, value) -> context.getClaims().claim(name, value));
      }
    });
  }
}
