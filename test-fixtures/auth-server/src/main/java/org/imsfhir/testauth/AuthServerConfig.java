package org.imsfhir.testauth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/** What the server signs with, whom it names as issuer, and which clients it knows (all from arguments). */
@Configuration(proxyBeanMethods = false)
class AuthServerConfig {

  private static final Logger LOG = LoggerFactory.getLogger(AuthServerConfig.class);

  @Bean
  AuthorizationServerSettings authorizationServerSettings(@Value("${issuer:}") String issuer,
      @Value("${server.port}") int port) {
    return AuthorizationServerSettings.builder()
        .issuer(issuer.isBlank() ? "http://127.0.0.1:" + port : issuer)
        .build();
  }

  @Bean
  RSAKey signingKey(@Value("${key-file:}") String keyFile) {
    RSAKey key = keyFile.isBlank() ? SigningKeys.generate() : SigningKeys.load(Path.of(keyFile));
    LOG.info("Signing with RSA key kid={} ({})", key.getKeyID(), keyFile.isBlank() ? "generated" : keyFile);
    return key;
  }

  @Bean
  JWKSource<SecurityContext> jwkSource(RSAKey signingKey) {
    return new ImmutableJWKSet<>(new JWKSet(signingKey));
  }

  @Bean
  TestClientRepository registeredClientRepository(@Value("${clients-file:}") String clientsFile,
      @Value("${default-audience:ims-fhir-adapter}") String defaultAudience) {
    TestClientRepository clients = new TestClientRepository(
        clientsFile.isBlank() ? List.of() : ClientsFile.read(Path.of(clientsFile), defaultAudience));
    LOG.info("Registered clients: {}", clients.states().keySet());
    return clients;
  }

  @Bean
  TestUsers testUsers(@Value("${clients-file:}") String clientsFile) {
    TestUsers users = new TestUsers(clientsFile.isBlank() ? List.of() : ClientsFile.users(Path.of(clientsFile)));
    LOG.info("Users who can log in: {}", users.any() ? "some (OpenID Connect login on)" : "none");
    return users;
  }

  @Bean
  OAuth2TokenCustomizer<JwtEncodingContext> tokenClaims(TestUsers users) {
    AccessTokenClaims access = new AccessTokenClaims();
    IdTokenClaims id = new IdTokenClaims(users);
    return context -> {
      access.customize(context);
      id.customize(context);
    };
  }
}
