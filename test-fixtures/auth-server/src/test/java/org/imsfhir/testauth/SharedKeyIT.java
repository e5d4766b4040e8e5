package org.imsfhir.testauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.imsfhir.fixtures.AuthClient;
import org.imsfhir.fixtures.AuthServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers signing with one key file but naming different issuers: a token from one passes a
 * signature check with the other's JWKS, so only an issuer check tells them apart.
 */
class SharedKeyIT {

  private static final String SECRET = "fake-secret-not-used-anywhere";

  @TempDir
  static Path dir;
  private static Path keyFile;
  private static AuthServer first;
  private static AuthServer second;

  @BeforeAll
  static void start() {
    keyFile = AuthServer.writeNewKey(dir.resolve("shared-signing-key.pem"));
    first = AuthServer.startWithKey(keyFile, AuthServer.options().client(AuthClient.withSecret("submitter", SECRET).scopes("submit")));
    second = AuthServer.startWithKey(keyFile, AuthServer.options().client(AuthClient.withSecret("submitter", SECRET).scopes("submit"))
        .issuer("http://issuer-b.test.invalid"));
  }

  @AfterAll
  static void stop() {
    for (AuthServer server : new AuthServer[] {first, second}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void bothPublishTheSameKeyUnderItsThumbprintAsKid() throws Exception {
    RSAKey firstKey = JWKSet.parse(get(first.jwksUri())).getKeys().get(0).toRSAKey();
    RSAKey secondKey = JWKSet.parse(get(second.jwksUri())).getKeys().get(0).toRSAKey();
    String thumbprint = SigningKeys.load(keyFile).toPublicJWK().computeThumbprint().toString();

    assertThat(first.kid()).isEqualTo(thumbprint).isEqualTo(second.kid());
    assertThat(firstKey.getKeyID()).isEqualTo(thumbprint);
    assertThat(secondKey.getKeyID()).isEqualTo(thumbprint);
    assertThat(secondKey.getModulus()).isEqualTo(firstKey.getModulus());
  }

  @Test
  void tokensFromEitherVerifyWithTheOthersKeysButNameDifferentIssuers() throws Exception {
    SignedJWT fromFirst = SignedJWT.parse(first.token("submitter", SECRET));
    SignedJWT fromSecond = SignedJWT.parse(second.token("submitter", SECRET));
    RSAKey firstPublished = JWKSet.parse(get(first.jwksUri())).getKeyByKeyId(first.kid()).toRSAKey();

    assertThat(fromSecond.verify(new RSASSAVerifier(firstPublished))).isTrue();
    assertThat(fromFirst.getJWTClaimsSet().getIssuer()).isEqualTo("http://127.0.0.1:" + first.port());
    assertThat(fromSecond.getJWTClaimsSet().getIssuer()).isEqualTo("http://issuer-b.test.invalid");
    assertThat(second.issuer()).hasToString("http://issuer-b.test.invalid");
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET " + uri).isEqualTo(200);
    return response.body();
  }
}
