package org.imsfhir.routes.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.sql.DataSource;
import org.imsfhir.fixtures.tls.TestPki;
import org.imsfhir.routes.audit.AccessAuditStore;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.Operator;
import org.imsfhir.routes.support.TestDirs;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Mutual TLS: the service's own TLS from PEM files through a Spring SSL bundle, client certificates
 * optional ({@code want}) and trusted from one test CA, each certificate mapped to a registered
 * client by its subject DN or a SAN. Certificates are made by the test ({@link TestPki}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClientCertificateIT {

    private static final String CLINIC_A = "https://clinic-a.example/pms";
    private static final Path DIR = TestDirs.create("mtls-it");
    private static final TestPki PKI = TestPki.create(DIR, "Adapter Client CA");
    private static final TestPki UNKNOWN = TestPki.create(DIR, "Unknown CA");
    private static final TestPki.Issued SERVER = PKI.issueServer("localhost");
    private static final TestPki.Issued BY_SUBJECT = PKI.issueClient("CN=clinic-a-gateway,O=Clinic A", List.of());
    private static final TestPki.Issued BY_SAN = PKI.issueClient("CN=router-7,O=Clinic A", List.of("URI:urn:ims:client:router-7"));
    private static final TestPki.Issued UNREGISTERED = PKI.issueClient("CN=someone-else,O=Clinic Z", List.of());
    private static final TestPki.Issued FOREIGN = UNKNOWN.issueClient("CN=clinic-a-gateway,O=Clinic A", List.of());

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", () -> "jdbc:h2:mem:mtls-it;DB_CLOSE_DELAY=-1");
        r.add(Operator.PROPERTY, Operator.CREDENTIAL_FILE::toString);
        r.add("ims.intake.inbox.enabled", () -> "false");
        r.add("ims.delivery.enabled", () -> "false");
        r.add("spring.ssl.bundle.pem.server.keystore.certificate", () -> "file:" + SERVER.chainPem());
        r.add("spring.ssl.bundle.pem.server.keystore.private-key", () -> "file:" + SERVER.privateKeyPem());
        r.add("spring.ssl.bundle.pem.server.truststore.certificate", () -> "file:" + PKI.caCertificatePem());
        r.add("server.ssl.bundle", () -> "server");
        r.add("server.ssl.client-auth", () -> "want");
        r.add("ims.security.clients.clinic-a-gateway.certificate-subject", () -> "CN=clinic-a-gateway,O=Clinic A");
        r.add("ims.security.clients.clinic-a-gateway.scopes", () -> "submit,read");
        r.add("ims.security.clients.clinic-a-gateway.clinics", () -> CLINIC_A);
        r.add("ims.security.clients.router-7.certificate-san", () -> "urn:ims:client:router-7");
        r.add("ims.security.clients.router-7.scopes", () -> "read");
        r.add("ims.security.clients.router-7.clinics", () -> CLINIC_A);
    }

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    AccessAuditStore audit;

    private Http presenting(TestPki.Issued certificate) {
        SSLContext context = PKI.clientContext(certificate);
        return Http.over("https://localhost:" + port,
                HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build());
    }

    private final TestRecords records = new TestRecords(CLINIC_A);

    @Test
    void aRegisteredCertificateIsItsClientWithItsScopesAndClinics() {
        Http gateway = presenting(BY_SUBJECT);
        Http.Answer posted = gateway.post("/ims/sessions", "application/json", TestRecords.json(records.session(1, 1)));
        assertThat(posted.status()).isEqualTo(200);
        String id = posted.json().at("/records/0/id").asText();
        assertThat(gateway.get("/ims/sessions/" + id).status()).isEqualTo(200);
        String actor = new JdbcTemplate(dataSource).queryForObject(
                "select actor from ims_intake i join ims_message m on m.intake_id = i.id where m.public_id = ?", String.class, id);
        assertThat(actor).isEqualTo("clinic-a-gateway");
        assertThat(audit.count("clinic-a-gateway", "POST /ims/sessions")).isPositive();

        // Recognised by its SAN; it holds read only.
        Http router = presenting(BY_SAN);
        assertThat(router.get("/ims/sessions/" + id).status()).isEqualTo(200);
        assertThat(router.post("/ims/sessions", "application/json", TestRecords.json(records.session(2, 2))).status())
                .isEqualTo(403);
        assertThat(audit.count("router-7", "POST /ims/sessions")).isPositive();
    }

    @Test
    void noCertificateOrAnUnregisteredOneAuthenticatesNobody() {
        long intakes = new JdbcTemplate(dataSource).queryForObject("select count(*) from ims_intake", Long.class);
        String record = TestRecords.json(records.session(3, 3));
        assertThat(presenting(null).post("/ims/sessions", "application/json", record).status()).isEqualTo(401);
        assertThat(presenting(UNREGISTERED).post("/ims/sessions", "application/json", record).status()).isEqualTo(401);
        assertThat(new JdbcTemplate(dataSource).queryForObject("select count(*) from ims_intake", Long.class)).isEqualTo(intakes);
    }

    @Test
    void aCertificateFromAnUnknownCaFailsTheHandshake() {
        // Trusts the service's CA, presents a certificate (with a registered subject) from another CA.
        Http foreign = Http.over("https://localhost:" + port, HttpClient.newBuilder()
                .sslContext(org.imsfhir.fixtures.tls.TlsContexts.create(FOREIGN.privateKey(), FOREIGN.chain(),
                        List.of(PKI.caCertificate())))
                .connectTimeout(Duration.ofSeconds(5)).build());
        Throwable refused = catchThrowable(() -> foreign.get("/ims/deliveries/summary"));
        assertThat(refused).as("the TLS handshake refuses a certificate of another CA").isNotNull();
        assertThat(presenting(BY_SUBJECT).get("/ims/deliveries/summary").status()).as("while a good one passes").isEqualTo(200);
    }
}
