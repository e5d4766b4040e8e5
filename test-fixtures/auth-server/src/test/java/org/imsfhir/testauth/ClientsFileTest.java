package org.imsfhir.testauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

class ClientsFileTest {

  @TempDir
  Path dir;

  @Test
  void secretAndJwksClientsGetTheirMethodsScopesTtlAndAudience() throws Exception {
    Path file = Files.writeString(dir.resolve("clients.json"), """
        {"clients": [
          {"clientId": "submitter", "secret": "fake", "scopes": ["submit", "read"], "ttlSeconds": 2},
          {"clientId": "backend", "jwksUrl": "http://127.0.0.1:1/jwks.json", "signingAlgorithm": "ES384",
           "scopes": ["system/*.read"], "audience": "other-service"}
        ]}
        """);

    List<RegisteredClient> clients = ClientsFile.read(file, "ims-fhir-adapter");

    RegisteredClient submitter = clients.get(0);
    assertThat(submitter.getClientId()).isEqualTo("submitter");
    assertThat(submitter.getClientSecret()).isEqualTo("{noop}fake");
    assertThat(submitter.getClientAuthenticationMethods()).containsExactlyInAnyOrder(
        ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);
    assertThat(submitter.getScopes()).containsExactlyInAnyOrder("submit", "read");
    assertThat(submitter.getTokenSettings().getAccessTokenTimeToLive()).isEqualTo(Duration.ofSeconds(2));
    assertThat((String) submitter.getClientSettings().getSetting(ClientsFile.AUDIENCE_SETTING)).isEqualTo("ims-fhir-adapter");

    RegisteredClient backend = clients.get(1);
    assertThat(backend.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
    assertThat(backend.getClientSettings().getJwkSetUrl()).isEqualTo("http://127.0.0.1:1/jwks.json");
    assertThat(backend.getClientSettings().getTokenEndpointAuthenticationSigningAlgorithm())
        .isEqualTo(SignatureAlgorithm.ES384);
    assertThat(backend.getTokenSettings().getAccessTokenTimeToLive()).isEqualTo(Duration.ofSeconds(300));
    assertThat((String) backend.getClientSettings().getSetting(ClientsFile.AUDIENCE_SETTING)).isEqualTo("other-service");
  }

  @Test
  void aMisspeltFieldOrAClientWithoutCredentialsFailsTheStart() throws Exception {
    Path misspelt = Files.writeString(dir.resolve("misspelt.json"),
        "{\"clients\": [{\"clientId\": \"a\", \"secret\": \"fake\", \"ttl\": 2}]}");
    Path noCredential = Files.writeString(dir.resolve("none.json"), "{\"clients\": [{\"clientId\": \"a\"}]}");

    assertThatThrownBy(() -> ClientsFile.read(misspelt, "x")).hasMessageContaining("ttl");
    assertThatThrownBy(() -> ClientsFile.read(noCredential, "x")).hasMessageContaining("needs a secret or a jwksUrl");
  }
}
