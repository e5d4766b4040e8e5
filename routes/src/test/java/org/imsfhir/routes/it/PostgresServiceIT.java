package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.imsfhir.fixtures.FhirTestServer;
import org.imsfhir.routes.support.Batches;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.TestDatabases;
import org.imsfhir.routes.support.TestDirs;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;

/**
 * The production set-up as README-service.md gives it: the service jar with the {@code postgres}
 * profile on the real PostgreSQL at 127.0.0.1:5432 (a schema of its own, created by Flyway on start),
 * delivering to the FHIR server. Records go in over REST, come out at the FHIR server, and their
 * states are in PostgreSQL.
 */
class PostgresServiceIT {

    private final FhirTestServer fhir = TestFhir.shared();
    private final TestRecords records = new TestRecords("https://postgres-service-it.example/pms");

    @Test
    void theServiceOnPostgresqlTakesInStoresAndDelivers() throws Exception {
        String schema = "ims_service_it_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 100000;
        Path work = TestDirs.create("postgres-service-it");
        List<String> arguments = List.of(
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + TestDatabases.POSTGRES_URL + "?currentSchema=" + schema,
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.create-schemas=true",
                "--ims.intake.inbox.dir=" + work.resolve("inbox"),
                "--ims.delivery.poll-interval=100ms",
                "--ims.delivery.destinations.ehr.base-url=" + fhir.baseUrl());
        try {
            try (AdapterProcess adapter = AdapterProcess.start(AdapterProcess.freePort(), work.resolve("adapter.log"), arguments)) {
                Http http = adapter.operator();
                List<ObjectNode> sessions = records.sessions(0, 20, 5);
                ObjectNode bad = records.session(99, 1);
                ((ObjectNode) bad.get("treatedSites").get(0)).put("insertions", "four");

                assertThat(Batches.post(http, sessions, 10, 2)).isEqualTo(20);
                Http.Answer refused = http.post("/ims/sessions", "application/json", TestRecords.json(bad));
                assertThat(refused.status()).isEqualTo(422);
                assertThat(refused.body()).contains("treatedSites[0].insertions");

                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    JsonNode ehr = http.get("/ims/deliveries/summary").json().path("ehr");
                    assertThat(ehr.path("DELIVERED").asLong()).isEqualTo(20);
                });
            }
            List<String> procedures = Received.identifierValues(fhir, "Procedure", records.system() + "/session");
            assertThat(procedures).hasSize(20);
            assertThat(new HashSet<>(procedures)).hasSize(20);

            try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL + "?currentSchema=" + schema, "postgres", "");
                 Statement s = c.createStatement()) {
                assertThat(count(s, "select count(*) from ims_message where status = 'VALID'")).isEqualTo(20);
                assertThat(count(s, "select count(*) from ims_message where status = 'REJECTED'")).isEqualTo(1);
                assertThat(count(s, "select count(*) from ims_delivery where status = 'DELIVERED'")).isEqualTo(20);
                assertThat(count(s, "select count(*) from ims_audit")).isPositive();
            }
        } finally {
            try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL, "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    private static long count(Statement statement, String sql) throws Exception {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
