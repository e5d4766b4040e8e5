package org.imsfhir.testauth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Reads the registered clients from the JSON file given with {@code --clients-file}:
 *
 * <pre>{@code
 * {"clients": [
 *   {"clientId": "submitter", "secret": "fake-secret", "scopes": ["submit", "read"], "ttlSeconds": 300},
 *   {"clientId": "elsewhere", "secret": "fake-secret", "scopes": ["read"], "audience": "other-service"},
 *   {"clientId": "backend", "jwksUrl": "http://127.0.0.1:8081/jwks.json", "signingAlgorithm": "RS384",
 *    "scopes": ["system/*.read"]}
 * ]}
 * }</pre>
 *
 * A secret allows client_secret_basic and client_secret_post, a JWKS URL allows private_key_jwt.
 */
final class ClientsFile {

  /** Client setting holding the {@code aud} of the client's access tokens (read by {@link AccessTokenClaims}). */
  static final String AUDIENCE_SETTING = "ims.test.audience";
  static final long DEFAULT_TTL_SECONDS = 300;

  // A misspelt field must fail the start, not silently give a client defaults.
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ClientsFile() {
  }

  /**
   * One entry of the file; everything but {@code clientId} and a credential is optional. With
   * {@code redirectUris} the client may also use the authorization code grant (OpenID Connect login
   * of a user); a loopback redirect URI ({@code http://127.0.0.1/...}) matches any port (RFC 8252).
   */
  record ClientSpec(String clientId, String secret, List<String> scopes, Long ttlSeconds, String audience,
      String jwksUrl, String signingAlgorithm, List<String> redirectUris) {
  }

  /** A user who can log in through the authorization code grant; {@code claims} go into their ID token. */
  record UserSpec(String username, String password, Map<String, Object> claims) {
  }

  record Contents(List<ClientSpec> clients, List<UserSpec> users) {
  }

  static List<RegisteredClient> read(Path file, String defaultAudience) {
    Contents contents = contents(file);
    return contents.clients() == null ? List.of()
        : contents.clients().stream().map(spec -> toRegisteredClient(spec, defaultAudience)).toList();
  }

  static List<UserSpec> users(Path file) {
    List<UserSpec> users = contents(file).users();
    return users == null ? List.of() : users;
  }

  private static Contents contents(Path file) {
    try {
      return JSON.readValue(file.toFile(), Contents.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the clients file " + file + ": " + e.getMessage(), e);
    }
  }

  static RegisteredClient toRegisteredClient(ClientSpec spec, String defaultAudience) {
    if (spec.clientId() == null || spec.clientId().isBlank()) {
      throw new IllegalArgumentException("A client in the clients file has no clientId");
    }
    boolean hasSecret = spec.secret() != null && !spec.secret().isEmpty();
    boolean hasJwks = spec.jwksUrl() != null && !spec.jwksUrl().isBlank();
    if (!hasSecret && !hasJwks) {
      throw new IllegalArgumentException("Client " + spec.clientId() + " needs a secret or a jwksUrl");
    }
    String audience = spec.audience() != null && !spec.audience().isBlank() ? spec.audience() : defaultAudience;
    ClientSettings.Builder settings = ClientSettings.builder().setting(AUDIENCE_SETTING, audience);
    RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
        .clientId(spec.clientId())
        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
        .tokenSettings(TokenSettings.builder()
            .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
            .accessTokenTimeToLive(Duration.ofSeconds(
                spec.ttlSeconds() != null ? spec.ttlSeconds() : DEFAULT_TTL_SECONDS))
            .build());
    if (hasSecret) {
      // {noop}: the password encoder stores fake test secrets as given.
      client.clientSecret("{noop}" + spec.secret())
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
          .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
    }
    if (hasJwks) {
      String algorithm = spec.signingAlgorithm() != null ? spec.signingAlgorithm() : "RS384";
      SignatureAlgorithm signing = SignatureAlgorithm.from(algorithm);
      if (signing == null) {
        throw new IllegalArgumentException("Client " + spec.clientId() + ": unknown signingAlgorithm " + algorithm);
      }
      client.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
      settings.jwkSetUrl(spec.jwksUrl()).tokenEndpointAuthenticationSigningAlgorithm(signing);
    }
    if (spec.scopes() != null) {
      spec.scopes().forEach(client::scope);
    }
    if (spec.redirectUris() != null && !spec.redirectUris().isEmpty()) {
      client.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
          .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE);
      spec.redirectUris().forEach(client::redirectUri);
      settings.requireAuthorizationConsent(false);
    }
    return client.clientSettings(settings.build()).build();
  }
}
