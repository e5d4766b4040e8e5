package org.imsfhir.routes.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.imsfhir.routes.store.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The client assertions the adapter really posts to a token endpoint (1,000 token requests through the
 * receiver client, captured by a stub token endpoint), checked by a verifier that shares no code with
 * the signer: the JDK's own Signature over the published JWK set, and Jackson for header and claims.
 * Algorithm, kid, typ, iss = sub = client id, aud = the token endpoint, exp at most 5 minutes after iat
 * and after the time of the request, and a jti never used twice.
 */
class ClientAssertionVerifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ASSERTIONS = 1000;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T18:00:00Z"));
    private StubServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({"rsa-2026, RS384, SHA384withRSA", "ec-2026, ES384, SHA384withECDSAinP1363Format"})
    void aThousandAssertionsPassAnIndependentVerifier(String kid, String alg, String jdkAlgorithm, @TempDir Path dir) throws Exception {
        server = new StubServer(r -> r.path().equals("/token")
                ? StubServer.Answer.json(200, "{\"access_token\":\"t\",\"token_type\":\"bearer\",\"expires_in\":1}")
                : StubServer.Answer.of(200, "{}"));
        AdapterKeys keys = OutboundTestSupport.keys(dir, "rsa-2026", "ec-2026");
        URI tokenEndpoint = server.uri("/token");
        OutboundAuth auth = new OutboundAuth(OutboundAuth.Type.SMART_BACKEND, null, tokenEndpoint, "ims-adapter-client", null, null,
                null, "system/Procedure.cu", kid, URI.create("https://adapter.example/.well-known/jwks.json"),
                Duration.ofMinutes(5), Duration.ofSeconds(30));
        ReceiverClient client = OutboundTestSupport.client(OutboundTestSupport.receivers(clock, keys, DataSize.ofMegabytes(1)),
                server.uri("/fhir"), auth);

        Map<String, Instant> sentAt = new java.util.HashMap<>();
        for (int i = 0; i < ASSERTIONS; i++) {
            assertThat(client.exchange(HttpRequest.newBuilder(server.uri("/fhir")).GET(), false).ok()).isTrue();
            sentAt.put(assertion(server.requests("/token").get(i).body()), clock.instant());
            clock.advance(Duration.ofSeconds(1)); // the 1 s token is used up: the next send fetches another
        }
        assertThat(server.requests("/token")).hasSize(ASSERTIONS);

        String jwks = JSON.writeValueAsString(new JwksController(keys).jwks().getBody());
        for (String privatePart : new String[] {"\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\""}) {
            assertThat(jwks).as("published keys hold no private part").doesNotContain(privatePart);
        }
        PublicKey publicKey = publicKey(JSON.readTree(jwks), kid);
        Set<String> jtis = new HashSet<>();
        for (Map.Entry<String, Instant> sent : sentAt.entrySet()) {
            String[] parts = sent.getKey().split("\\.");
            assertThat(parts).hasSize(3);
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            assertThat(header.get("alg").asText()).isEqualTo(alg);
            assertThat(header.get("kid").asText()).isEqualTo(kid);
            assertThat(header.get("typ").asText()).isEqualTo("JWT");
            assertThat(header.get("jku").asText()).isEqualTo("https://adapter.example/.well-known/jwks.json");

            Signature verifier = Signature.getInstance(jdkAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).as("signature").isTrue();

            assertThat(claims.get("iss").asText()).isEqualTo("ims-adapter-client");
            assertThat(claims.get("sub").asText()).isEqualTo("ims-adapter-client");
            String aud = claims.get("aud").isArray() ? claims.get("aud").get(0).asText() : claims.get("aud").asText();
            assertThat(aud).isEqualTo(tokenEndpoint.toString());
            long iat = claims.get("iat").asLong();
            long exp = claims.get("exp").asLong();
            long now = sent.getValue().getEpochSecond();
            assertThat(exp).as("exp after the request").isGreaterThan(now);
            assertThat(exp - now).as("exp at most 5 minutes ahead").isLessThanOrEqualTo(300);
            assertThat(exp - iat).isBetween(1L, 300L);
            assertThat(jtis.add(claims.get("jti").asText())).as("jti never reused").isTrue();
        }
        assertThat(jtis).hasSize(ASSERTIONS);
    }

    /** The RSA or EC P-384 public key of {@code kid} from a JWK set, built with the JDK alone. */
    private static PublicKey publicKey(JsonNode jwks, String kid) throws Exception {
        for (JsonNode key : jwks.get("keys")) {
            if (!kid.equals(key.get("kid").asText())) {
                continue;
            }
            assertThat(key.get("use").asText()).isEqualTo("sig");
            if ("RSA".equals(key.get("kty").asText())) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(number(key, "n"), number(key, "e")));
            }
            assertThat(key.get("crv").asText()).isEqualTo("P-384");
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp384r1"));
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new ECPoint(number(key, "x"), number(key, "y")), params.getParameterSpec(ECParameterSpec.class)));
        }
        throw new AssertionError("kid " + kid + " is not published");
    }

    private static BigInteger number(JsonNode key, String field) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(key.get(field).asText()));
    }

    private static String assertion(String form) {
        for (String pair : form.split("&")) {
            if (pair.startsWith("client_assertion=")) {
                return URLDecoder.decode(pair.substring("client_assertion=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no client_assertion in the token request");
    }
}
