package org.imsfhir.testauth;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A client_credentials request without {@code scope} gets all of the client's registered scopes (RFC 6749
 * 3.3 lets a server apply a default; Spring Authorization Server's default is none, which makes tokens
 * that no resource server accepts).
 */
final class DefaultScopesConverter implements AuthenticationConverter {

  private final OAuth2ClientCredentialsAuthenticationConverter delegate =
      new OAuth2ClientCredentialsAuthenticationConverter();

  @Override
  public Authentication convert(HttpServletRequest request) {
    Authentication converted = delegate.convert(request);
    if (!(converted instanceof OAuth2ClientCredentialsAuthenticationToken tokenRequest)
        || !tokenRequest.getScopes().isEmpty()
        || !(tokenRequest.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
        || client.getRegisteredClient() == null) {
      return converted;
    }
    return new OAuth2ClientCredentialsAuthenticationToken(
        client, client.getRegisteredClient().getScopes(), tokenRequest.getAdditionalParameters());
  }
}
