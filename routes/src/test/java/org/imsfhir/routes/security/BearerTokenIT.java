package org.imsfhir.routes.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.sql.DataSource;
import org.imsfhir.fixtures.AuthClient;
import org.imsfhir.fixtures.AuthServer;
import org.imsfhir.fixtures.AuthUser;
import org.imsfhir.routes.support.Browser;
import org.imsfhir.routes.api.PhiRedaction;
import org.imsfhir.routes.audit.AccessAuditStore;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.Operator;
import org.imsfhir.routes.support.TestDirs;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bearer tokens from a real OAuth2 authorization server (Spring Authorization Server in its own
 * process, client credentials), validated by the service through the issuer's JWKS; and the
 * console's single sign-on through the same server (OpenID Connect, in headless Chromium). Each refused
 * case gets its exact status and leaves nothing behind; each case is audited with its actor.
 * Deliveries go to a closed port and die at once (one attempt), so there is something to replay.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BearerTokenIT {

    private static final String CLINIC_A = "https://clinic-a.example/pms";
    private static final String CLINIC_B = "https://clinic-b.example/pms";
    private static final Path KEY = AuthServer.writeNewKey(TestDirs.create("bearer-it").resolve("signing-key.pem"));
    private static final AuthServer AUTH = AuthServer.startWithKey(KEY, AuthServer.options().clients(
            AuthClient.withSecret("clinic-a", "secret-a").scopes("submit", "read"),
            AuthClient.withSecret("clinic-b", "secret-b").scopes("submit", "read"),
            AuthClient.withSecret("reader", "secret-r").scopes("read"),
            AuthClient.withSecret("ops", "secret-o").scopes("read", "operate", "phi"),
            AuthClient.withSecret("auditor", "secret-x").scopes("admin"),
            AuthClient.withSecret("short-lived", "secret-s").scopes("submit", "read").ttl(Duration.ofSeconds(1)),
            AuthClient.withSecret("elsewhere", "secret-e").scopes("submit", "read").audience("another-api"),
            // The console's single sign-on: the service as a confidential client of the same server.
            AuthClient.withSecret("ims-console", "secret-c").redirectUri("http://127.0.0.1/console/login/oauth2/code/hospital"))
            .users(AuthUser.of("nurse-reader", "pw-nurse").claim("ims_scopes", "read").claim("ims_clinics", "*"),
                    AuthUser.of("charge-nurse", "pw-charge").claim("ims_scopes", "read", "operate")
                            .claim("ims_clinics", CLINIC_A)));
    /** Same signing key, another issuer: its tokens verify, so only the issuer check refuses them. */
    private static final AuthServer OTHER_ISSUER = AuthServer.startWithKey(KEY, AuthServer.options()
            .issuer("http://127.0.0.1:9/other-issuer")
            .clients(AuthClient.withSecret("clinic-a", "secret-a").scopes("submit", "read")));

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:bearer-it;DB_CLOSE_DELAY=-1");
        r.add(Operator.PROPERTY, Operator.CREDENTIAL_FILE::toString);
        r.add("ims.intake.inbox.enabled", () -> "false");
        r.add("ims.delivery.poll-interval", () -> "100ms");
        r.add("ims.delivery.destinations.ehr.base-url", () -> "http://127.0.0.1:9/fhir");
        r.add("ims.delivery.destinations.ehr.retry.max-attempts", () -> "1");
        r.add("ims.security.oauth2.issuer-uri", () -> AUTH.issuer().toString());
        r.add("ims.security.oauth2.jwk-set-uri", () -> AUTH.jwksUri().toString());
        r.add("ims.security.oauth2.clock-skew", () -> "0s");
        r.add("ims.security.clients.clinic-a.clinics", () -> CLINIC_A);
        r.add("ims.security.clients.clinic-b.clinics", () -> CLINIC_B);
        r.add("ims.security.clients.short-lived.clinics", () -> CLINIC_A);
        r.add("ims.security.clients.elsewhere.clinics", () -> CLINIC_A);
        r.add("ims.security.clients.reader.clinics", () -> CLINIC_A + "," + CLINIC_B);
        r.add("ims.security.clients.ops.clinics", () -> "*");
        r.add("ims.console.oidc.issuer-uri", () -> AUTH.issuer().toString());
        r.add("ims.console.oidc.client-id", () -> "ims-console");
        r.add("ims.console.oidc.client-secret", () -> "secret-c");
    }

    @AfterAll
    static void stopServers() {
        AUTH.close();
        OTHER_ISSUER.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    AccessAuditStore audit;

    private final TestRecords clinicA = new TestRecords(CLINIC_A);
    private final TestRecords clinicB = new TestRecords(CLINIC_B);

    @Test
    void consoleUsersSignInAtTheAuthorizationServerAndGetTheScopesAndClinicsOfTheirIdToken() {
        try (Browser browser = new Browser("http://127.0.0.1:" + port)) {
            browser.open("/console/sessions");
            assertThat(browser.awaitUrl("/console/login")).endsWith("/console/login");
            browser.find("#sso").click();
            // The authorization server's own login form.
            assertThat(browser.awaitUrl(AUTH.baseUrl() + "/login")).startsWith(AUTH.issuer().toString());
            browser.find("#username").sendKeys("nurse-reader");
            browser.find("#password").sendKeys("wrong");
            browser.find("button[type='submit']").click();
            // Waits for the error page: fields found before it loads belong to the page that goes, and
            // a password typed there is lost (two clean-clone runs failed so).
            assertThat(browser.awaitUrl("error")).startsWith(AUTH.issuer().toString());
            browser.find("#username").sendKeys("nurse-reader");
            browser.find("#password").sendKeys("pw-nurse");
            browser.find("button[type='submit']").click();
            // Back in the console, on the page first asked for, as a reader of every clinic.
            assertThat(browser.awaitUrl("/console/sessions")).contains("/console/sessions");
            assertThat(browser.text("#user-name")).isEqualTo("nurse-reader");
            assertThat(browser.text(".nav .user")).contains("reader").doesNotContain("operator");
            browser.open("/console/dead-letters");
            assertThat(browser.driver().findElements(By.cssSelector("button.replay-one"))).isEmpty();
            assertThat(audit.count("nurse-reader", "GET /console/dead-letters")).isPositive();
        }
        try (Browser browser = new Browser("http://127.0.0.1:" + port)) {
            browser.open("/console/login");
            browser.find("#sso").click();
            // The console's own login form has a #username too: type only once the server's is there.
            browser.awaitUrl(AUTH.baseUrl() + "/login");
            browser.find("#username").sendKeys("charge-nurse");
            browser.find("#password").sendKeys("pw-charge");
            browser.find("button[type='submit']").click();
            assertThat(browser.text("#user-name")).isEqualTo("charge-nurse");
            assertThat(browser.text(".nav .user")).contains("operator");
            // Bound to clinic A by its claim: a session of clinic B is not found.
            String b = as("clinic-b", "secret-b").post("/ims/sessions", "application/json",
                    TestRecords.json(clinicB.session(900, 900))).json().at("/records/0/id").asText();
            browser.open("/console/sessions/" + b);
            assertThat(browser.source()).doesNotContain(CLINIC_B + "|");
        }
    }

    private Http as(String clientId, String secret) {
        return Http.bearer(base(), AUTH.token(clientId, secret));
    }

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void refusedTokensGet401AndStoreNothing() throws Exception {
        String valid = AUTH.token("clinic-a", "secret-a");
        String expired = AUTH.token("short-lived", "secret-s");
        String otherIssuer = OTHER_ISSUER.token("clinic-a", "secret-a");
        assertThat(OTHER_ISSUER.kid()).isEqualTo(AUTH.kid());
        String wrongAudience = AUTH.token("elsewhere", "secret-e");
        String badSignature = resign(valid, new RSAKeyGenerator(2048).keyID(AUTH.kid()).generate());
        String algNone = withHeader(valid, "{\"alg\":\"none\"}", "");
        String hmacWithPublicKey = hmacSignedWithPublicKey(valid);
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> true); // the 1 s token runs out

        long intakes = count("ims_intake");
        String record = TestRecords.json(clinicA.session(1, 1));
        for (String token : new String[] {expired, otherIssuer, wrongAudience, badSignature, algNone, hmacWithPublicKey}) {
            Http.Answer answer = Http.bearer(base(), token).post("/ims/sessions", "application/json", record);
            assertThat(answer.status()).as("token %s", token.substring(0, 20)).isEqualTo(401);
            assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        }
        assertThat(new Http(base()).post("/ims/sessions", "application/json", record).status()).isEqualTo(401);
        assertThat(count("ims_intake")).as("nothing stored for refused tokens").isEqualTo(intakes);

        // The valid token of the same client goes in: the refusals above were about the tokens.
        assertThat(Http.bearer(base(), valid).post("/ims/sessions", "application/json", record).status()).isEqualTo(200);
        assertThat(count("ims_intake")).isEqualTo(intakes + 1);
        assertThat(audit.count("anonymous", "POST /ims/sessions")).isGreaterThanOrEqualTo(7);
        assertThat(audit.count("clinic-a", "POST /ims/sessions")).isPositive();
    }

    @Test
    void aClientWithoutTheScopeGets403AndStoresNothing() {
        long intakes = count("ims_intake");
        Http.Answer answer = as("reader", "secret-r").post("/ims/sessions", "application/json",
                TestRecords.json(clinicA.session(2, 2)));
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(count("ims_intake")).isEqualTo(intakes);
        assertThat(audit.count("reader", "POST /ims/sessions")).isPositive();
    }

    @Test
    void aClinicSendsAndReadsOnlyItsOwnRecords() {
        Http a = as("clinic-a", "secret-a");
        String batch = "[" + TestRecords.json(clinicA.session(10, 10)) + "," + TestRecords.json(clinicB.session(11, 11)) + "]";
        Http.Answer answer = a.post("/ims/sessions", "application/json", batch);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode own = answer.json().get("records").get(0);
        JsonNode foreign = answer.json().get("records").get(1);
        assertThat(own.get("status").asText()).isEqualTo("VALID");
        assertThat(foreign.get("status").asText()).isEqualTo("REJECTED");
        assertThat(foreign.at("/outcome/issue/0/expression/0").asText()).isEqualTo("source.system");
        assertThat(own.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");

        // Clinic B's own record, read by clinic A: the same 404 as an id that does not exist.
        Http b = as("clinic-b", "secret-b");
        String bId = b.post("/ims/sessions", "application/json", TestRecords.json(clinicB.session(12, 12)))
                .json().get("records").get(0).get("id").asText();
        assertThat(b.get("/ims/sessions/" + bId).status()).isEqualTo(200);
        Http.Answer foreignRead = a.get("/ims/sessions/" + bId);
        Http.Answer missing = a.get("/ims/sessions/00000000-0000-4000-8000-000000000000");
        assertThat(foreignRead.status()).isEqualTo(404);
        assertThat(foreignRead.body()).isEqualTo(missing.body());
        assertThat(a.get("/ims/sessions/" + own.get("id").asText()).status()).isEqualTo(200);

        // The stored trail names the sender.
        String actor = new JdbcTemplate(dataSource).queryForObject("""
                select distinct a.actor from ims_audit a join ims_message m on m.id = a.message_id
                where m.public_id = ? and a.delivery_id is null""", String.class, own.get("id").asText());
        assertThat(actor).isEqualTo("clinic-a");
        assertThat(audit.count("clinic-a", "GET /ims/sessions/{id}")).isPositive();
    }

    @Test
    void anOperatorReplaysAReaderMayNotAndSeesNoReceiverText() {
        String id = as("clinic-a", "secret-a").post("/ims/sessions", "application/json",
                TestRecords.json(clinicA.session(20, 20))).json().get("records").get(0).get("id").asText();
        Http reader = as("reader", "secret-r");
        Http ops = as("ops", "secret-o");
        JsonNode dead = await().atMost(Duration.ofSeconds(60)).until(
                () -> ops.get("/ims/sessions/" + id).json().get("deliveries").get(0),
                d -> "DEAD".equals(d.get("status").asText()));
        String replay = "/ims/deliveries/" + dead.get("id").asText() + "/replay";

        assertThat(reader.get("/ims/sessions/" + id).json().at("/deliveries/0/lastError").asText())
                .isEqualTo(PhiRedaction.WITHHELD);
        assertThat(dead.get("lastError").asText()).isNotEqualTo(PhiRedaction.WITHHELD).isNotBlank();

        long trail = count("ims_audit");
        Http.Answer refused = reader.post(replay, "application/json", "");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(count("ims_audit")).as("the refused replay changed nothing").isEqualTo(trail);

        Http.Answer replayed = ops.post(replay, "application/json", "");
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.json().get("outcome").asText()).isEqualTo("REPLAYED");
        String replayActor = new JdbcTemplate(dataSource).queryForObject(
                "select actor from ims_audit where detail = 'replay' order by id desc limit 1", String.class);
        assertThat(replayActor).isEqualTo("ops");
        // Access-audit rows are written when the asynchronous answer completes, just after the client has it.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(audit.count("reader", "POST /ims/deliveries/{id}/replay")).isPositive();
            assertThat(audit.count("ops", "POST /ims/deliveries/{id}/replay")).isPositive();
        });
    }

    @Test
    void theAccessAuditIsForAdminsFilteredByActorAndTarget() {
        Http a = as("clinic-a", "secret-a");
        String id = a.post("/ims/sessions", "application/json", TestRecords.json(clinicA.session(30, 30)))
                .json().get("records").get(0).get("id").asText();
        assertThat(a.get("/ims/sessions/" + id).status()).isEqualTo(200);
        assertThat(a.get("/ims/audit").status()).as("clinic-a has no admin scope").isEqualTo(403);

        Http auditor = as("auditor", "secret-x");
        JsonNode byTarget = await().atMost(Duration.ofSeconds(10)).until(
                () -> auditor.get("/ims/audit?target=session:" + id).json().get("entries"), e -> e.size() == 1);
        JsonNode read = byTarget.get(0);
        assertThat(read.get("actor").asText()).isEqualTo("clinic-a");
        assertThat(read.get("action").asText()).isEqualTo("GET /ims/sessions/{id}");
        assertThat(read.get("outcome").asInt()).isEqualTo(200);
        assertThat(read.get("remoteAddress").asText()).isEqualTo("127.0.0.1");

        JsonNode byActor = auditor.get("/ims/audit?actor=clinic-a&size=500").json().get("entries");
        assertThat(byActor.size()).isGreaterThanOrEqualTo(3);
        byActor.forEach(e -> assertThat(e.get("actor").asText()).isEqualTo("clinic-a"));
        assertThat(byActor).anySatisfy(e -> assertThat(e.get("target").asText()).startsWith("intake:"));
        assertThat(byActor).anySatisfy(e -> assertThat(e.get("outcome").asInt()).isEqualTo(403));
        assertThat(auditor.get("/ims/audit?from=not-a-time").status()).isEqualTo(400);
    }

    private long count(String table) {
        return new JdbcTemplate(dataSource).queryForObject("select count(*) from " + table, Long.class);
    }

    /** The same claims signed by another key that claims the issuer's key id. */
    private static String resign(String token, RSAKey key) throws Exception {
        SignedJWT original = SignedJWT.parse(token);
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                original.getJWTClaimsSet());
        forged.sign(new RSASSASigner(key));
        return forged.serialize();
    }

    /** The token's claims under another header and signature. */
    private static String withHeader(String token, String headerJson, String signature) {
        String[] parts = token.split("\\.");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(headerJson.getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + "." + signature;
    }

    /** The classic key-confusion forgery: HS256 with the issuer's public key (from its JWKS) as the secret. */
    private static String hmacSignedWithPublicKey(String token) throws Exception {
        RSAKey published = (RSAKey) JWKSet.load(new URL(AUTH.jwksUri().toString())).getKeys().get(0);
        byte[] secret = published.toRSAPublicKey().getEncoded();
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(), claims);
        forged.sign(new MACSigner(secret));
        return forged.serialize();
    }
}
