package org.imsfhir.testauth;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Accepts a {@code private_key_jwt} client assertion without a {@code client_id} parameter, as SMART
 * Backend Services clients send it (RFC 7523 makes client_id optional; Spring Authorization Server requires
 * it). The client is looked up by the assertion's {@code sub}; the signature and the {@code iss}/{@code sub}
 * = client id checks still happen as for any assertion.
 */
final class AssertionClientIdConverter implements AuthenticationConverter {

  private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  @Override
  public Authentication convert(HttpServletRequest request) {
    String assertion = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION);
    if (request.getParameter(OAuth2ParameterNames.CLIENT_ID) != null || assertion == null
        || !JWT_BEARER.equals(request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE))) {
      return null; // the standard converters handle it
    }
    String clientId;
    try {
      clientId = JWTParser.parse(assertion).getJWTClaimsSet().getSubject();
    } catch (ParseException e) {
      throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
    }
    if (clientId == null || clientId.isBlank()) {
      throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
    }
    return new OAuth2ClientAuthenticationToken(clientId, new ClientAuthenticationMethod(JWT_BEARER), assertion, Map.of());
  }
}
