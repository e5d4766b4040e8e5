package org.imsfhir.testauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.imsfhir.fixtures.AuthClient;
import org.imsfhir.fixtures.AuthServer;
import org.imsfhir.fixtures.TokenResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged server through {@link AuthServer}, as other modules' tests will, and checks what a
 * resource server relies on: the claims and signature of access tokens, and the refusals.
 */
class AuthServerIT {

  private static final String SECRET = "fake-secret-not-used-anywhere";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RSAKey backendRsaKey;
  private static ECKey backendEcKey;
  private static RSAKey rotatingOld;
  private static RSAKey rotatingNew;
  private static final AtomicReference<String> rotatingJwks = new AtomicReference<>();
  private static HttpServer clientJwks;
  private static AuthServer auth;

  @BeforeAll
  static void start() throws Exception {
    // The private_key_jwt clients' public keys, served where the authorization server fetches them.
    backendRsaKey = new RSAKeyGenerator(2048).keyID("backend-rsa").generate();
    backendEcKey = new ECKeyGenerator(Curve.P_384).keyID("backend-ec").generate();
    rotatingOld = new RSAKeyGenerator(2048).keyID("rotating-old").generate();
    rotatingNew = new RSAKeyGenerator(2048).keyID("rotating-new").generate();
    clientJwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] jwks = new JWKSet(List.<JWK>of(backendRsaKey.toPublicJWK(), backendEcKey.toPublicJWK()))
        .toString().getBytes(StandardCharsets.UTF_8);
    clientJwks.createContext("/jwks.json", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, jwks.length);
      exchange.getResponseBody().write(jwks);
      exchange.close();
    });
    rotatingJwks.set(new JWKSet(rotatingOld.toPublicJWK()).toString());
    clientJwks.createContext("/rotating.json", exchange -> {
      byte[] body = rotatingJwks.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    clientJwks.start();
    URI jwksUrl = URI.create("http://127.0.0.1:" + clientJwks.getAddress().getPort() + "/jwks.json");

    auth = AuthServer.options()
        .client(AuthClient.withSecret("submitter", SECRET).scopes("submit", "read", "operate").ttl(Duration.ofSeconds(120)))
        .client(AuthClient.withSecret("quick", SECRET).scopes("read").ttl(Duration.ofSeconds(2)))
        .client(AuthClient.withSecret("elsewhere", SECRET).scopes("read").audience("other-service"))
        .client(AuthClient.withSecret("switchable", SECRET).scopes("read"))
        .client(AuthClient.withJwks("backend-rs", jwksUrl, "RS384").scopes("submit", "read"))
        .client(AuthClient.withJwks("backend-es", jwksUrl, "ES384").scopes("read"))
        .client(AuthClient.withJwks("rotating", jwksUrl.resolve("/rotating.json"), "RS384").scopes("read"))
        .start();
    System.out.println("Auth test server started in " + auth.startUpTime().toMillis() + " ms: " + auth);
  }

  @AfterAll
  static void stop() {
    if (auth != null) {
      auth.close();
    }
    if (clientJwks != null) {
      clientJwks.stop(0);
    }
  }

  @Test
  void goodClientGetsAnRs256TokenWithTheConfiguredClaimsThatVerifiesAgainstTheJwks() throws Exception {
    SignedJWT jwt = SignedJWT.parse(auth.token("submitter", SECRET, "submit", "read"));
    JWKSet jwks = JWKSet.parse(get(auth.jwksUri()));

    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(auth.kid());
    RSAKey published = jwks.getKeyByKeyId(auth.kid()).toRSAKey();
    assertThat(published.isPrivate()).isFalse();
    assertThat(jwt.verify(new RSASSAVerifier(published))).isTrue();

    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(auth.issuer().toString()).isEqualTo("http://127.0.0.1:" + auth.port());
    assertThat(claims.getSubject()).isEqualTo("submitter");
    assertThat(claims.getStringClaim("client_id")).isEqualTo("submitter");
    assertThat(claims.getAudience()).containsExactly("ims-fhir-adapter");
    assertThat(claims.getStringClaim("scope")).isEqualTo("read submit");
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(seconds(claims.getExpirationTime()) - seconds(claims.getIssueTime())).isEqualTo(120);
    assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
    assertThat(claims.getIssueTime().toInstant()).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(5));
  }

  @Test
  void aRequestWithoutScopeGetsAllTheClientsScopes() throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(auth.token("submitter", SECRET)).getJWTClaimsSet();

    assertThat(claims.getStringClaim("scope")).isEqualTo("operate read submit");
  }

  @Test
  void ttlAndAudienceArePerClient() throws Exception {
    JWTClaimsSet quick = SignedJWT.parse(auth.token("quick", SECRET)).getJWTClaimsSet();
    JWTClaimsSet elsewhere = SignedJWT.parse(auth.token("elsewhere", SECRET)).getJWTClaimsSet();

    assertThat(seconds(quick.getExpirationTime()) - seconds(quick.getIssueTime())).isEqualTo(2);
    assertThat(quick.getAudience()).containsExactly("ims-fhir-adapter");
    assertThat(elsewhere.getAudience()).containsExactly("other-service");
    assertThat(seconds(elsewhere.getExpirationTime()) - seconds(elsewhere.getIssueTime())).isEqualTo(300);
  }

  @Test
  void clientSecretPostIsAccepted() throws Exception {
    TokenResponse response = auth.requestToken(null, null, Map.of(
        "grant_type", "client_credentials", "client_id", "submitter", "client_secret", SECRET, "scope", "read"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(SignedJWT.parse(response.accessToken()).getJWTClaimsSet().getStringClaim("scope")).isEqualTo("read");
  }

  @Test
  void aWrongSecretOrAnUnknownClientIsInvalidClient() {
    TokenResponse wrongSecret = auth.requestToken("submitter", "not-the-secret", Map.of("grant_type", "client_credentials"));
    TokenResponse unknown = auth.requestToken("nobody", SECRET, Map.of("grant_type", "client_credentials"));

    assertThat(wrongSecret.status()).isEqualTo(401);
    assertThat(wrongSecret.error()).isEqualTo("invalid_client");
    assertThat(wrongSecret.accessToken()).isNull();
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.error()).isEqualTo("invalid_client");
  }

  @Test
  void aScopeTheClientMayNotHaveIsInvalidScope() {
    TokenResponse response = auth.requestToken("submitter", SECRET,
        Map.of("grant_type", "client_credentials", "scope", "submit admin"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error()).isEqualTo("invalid_scope");
    assertThat(response.accessToken()).isNull();
  }

  @Test
  void aDisabledClientIsRefusedUntilEnabledAgain() {
    Map<String, String> form = Map.of("grant_type", "client_credentials");
    assertThat(auth.requestToken("switchable", SECRET, form).status()).isEqualTo(200);

    auth.disableClient("switchable");
    TokenResponse whileDisabled = auth.requestToken("switchable", SECRET, form);
    auth.enableClient("switchable");

    assertThat(whileDisabled.status()).isEqualTo(401);
    assertThat(whileDisabled.error()).isEqualTo("invalid_client");
    assertThat(auth.requestToken("switchable", SECRET, form).status()).isEqualTo(200);
  }

  @Test
  void privateKeyJwtClientsAuthenticateWithRs384AndEs384Assertions() throws Exception {
    // SMART Backend Services sends no client_id: the server takes it from the assertion.
    TokenResponse rs = assertionRequest("backend-rs", new RSASSASigner(backendRsaKey), JWSAlgorithm.RS384, "backend-rsa");
    TokenResponse es = assertionRequest("backend-es", new ECDSASigner(backendEcKey), JWSAlgorithm.ES384, "backend-ec",
        Map.of("client_id", "backend-es", "scope", "read"));

    assertThat(rs.status()).as(rs.body()).isEqualTo(200);
    assertThat(SignedJWT.parse(rs.accessToken()).getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("backend-rs");
    assertThat(es.status()).as(es.body()).isEqualTo(200);
    assertThat(SignedJWT.parse(es.accessToken()).getJWTClaimsSet().getSubject()).isEqualTo("backend-es");
    assertThat(SignedJWT.parse(es.accessToken()).getJWTClaimsSet().getStringClaim("scope")).isEqualTo("read");
  }

  @Test
  void anAssertionSignedWithAKeyNotInTheClientsJwksIsInvalidClient() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("backend-rsa").generate();

    TokenResponse response = assertionRequest("backend-rs", new RSASSASigner(stranger), JWSAlgorithm.RS384, "backend-rsa");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.error()).isEqualTo("invalid_client");
  }

  @Test
  void afterEnableTheServerReadsTheClientsJwksAgain() throws Exception {
    assertThat(assertionRequest("rotating", new RSASSASigner(rotatingOld), JWSAlgorithm.RS384, "rotating-old").status())
        .isEqualTo(200);

    rotatingJwks.set(new JWKSet(rotatingNew.toPublicJWK()).toString());
    auth.enableClient("rotating");
    TokenResponse oldKey = assertionRequest("rotating", new RSASSASigner(rotatingOld), JWSAlgorithm.RS384, "rotating-old");
    TokenResponse newKey = assertionRequest("rotating", new RSASSASigner(rotatingNew), JWSAlgorithm.RS384, "rotating-new");

    assertThat(oldKey.status()).isEqualTo(401);
    assertThat(oldKey.error()).isEqualTo("invalid_client");
    assertThat(newKey.status()).as(newKey.body()).isEqualTo(200);
  }

  @Test
  void metadataNamesTheIssuerAndTheJwks() throws Exception {
    JsonNode metadata = JSON.readTree(get(auth.metadataUri()));

    assertThat(metadata.path("issuer").asText()).isEqualTo(auth.issuer().toString());
    assertThat(metadata.path("jwks_uri").asText()).isEqualTo(auth.jwksUri().toString());
    assertThat(metadata.path("token_endpoint").asText()).isEqualTo(auth.tokenEndpoint().toString());
  }

  /** A SMART Backend Services style token request: the client proves itself with a JWT it signs. */
  private static TokenResponse assertionRequest(String clientId, JWSSigner signer, JWSAlgorithm algorithm, String kid)
      throws Exception {
    return assertionRequest(clientId, signer, algorithm, kid, Map.of());
  }

  private static TokenResponse assertionRequest(String clientId, JWSSigner signer, JWSAlgorithm algorithm, String kid,
      Map<String, String> moreParameters) throws Exception {
    Instant now = Instant.now();
    SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).build(),
        new JWTClaimsSet.Builder()
            .issuer(clientId).subject(clientId).audience(auth.tokenEndpoint().toString())
            .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(240)))
            .build());
    assertion.sign(signer);
    Map<String, String> form = new LinkedHashMap<>(moreParameters);
    form.put("grant_type", "client_credentials");
    form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    form.put("client_assertion", assertion.serialize());
    return auth.requestToken(null, null, form);
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET " + uri).isEqualTo(200);
    return response.body();
  }

  private static long seconds(Date date) {
    return date.toInstant().getEpochSecond();
  }
}
