package org.imsfhir.routes.it;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.imsfhir.fixtures.FaultProxy;
import org.imsfhir.fixtures.FhirTestServer;
import org.imsfhir.routes.support.Http;
import org.imsfhir.routes.support.Operator;
import org.imsfhir.routes.support.TestDirs;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole service on a random port, shared by the in-JVM integration tests (one Spring context,
 * so the profile validator is built and warmed once): in-memory H2 store, an inbox folder, and one
 * destination {@code ehr} that posts to the shared FHIR test server through a fault-injecting proxy
 * (retries fast: 250 ms doubling to 2 s, 100 attempts). Each test starts once readiness is UP (the
 * validator warmed). Tests use their own source systems, so the
 * records, identifiers and counts of one test never mix with another's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Spring Boot tests turn metrics export off by default: on, so that /actuator/prometheus exists as in production.
@AutoConfigureObservability(tracing = false)
public abstract class ServiceIT {

    protected static final FhirTestServer FHIR = TestFhir.shared();
    protected static final FaultProxy PROXY = FaultProxy.start(FHIR.baseUrl());
    protected static final Path WORK = TestDirs.create("service-it");

    @DynamicPropertySource
    static void serviceProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:service-it;DB_CLOSE_DELAY=-1");
        registry.add(Operator.PROPERTY, Operator.CREDENTIAL_FILE::toString);
        registry.add("ims.intake.inbox.dir", () -> WORK.resolve("inbox").toString());
        registry.add("ims.intake.inbox.poll-delay", () -> "200ms");
        // Small, so a test file of a few records is already read in several chunks.
        registry.add("ims.intake.inbox.records-per-intake", () -> "3");
        registry.add("ims.delivery.poll-interval", () -> "100ms");
        registry.add("ims.delivery.concurrency", () -> "2");
        registry.add("ims.delivery.destinations.ehr.base-url", () -> PROXY.baseUrl().toString());
        registry.add("ims.delivery.destinations.ehr.retry.initial-delay", () -> "250ms");
        registry.add("ims.delivery.destinations.ehr.retry.max-delay", () -> "2s");
        registry.add("ims.delivery.destinations.ehr.retry.max-attempts", () -> "100");
        // OperationsIT's clinic is a configured client's, so it is always its own metric tag value.
        registry.add("ims.security.clients.operations-it.clinics[0]", () -> OperationsIT.CLINIC);
        registry.add("ims.security.clients.operations-it-batch.clinics[0]", () -> OperationsIT.BATCH_CLINIC);
        registry.add("ims.metrics.gauge-refresh", () -> "500ms");
        // ConsoleIT's console users: a reader and an operator, neither with the phi scope.
        ConsoleIT.USERS.forEach((name, user) -> {
            registry.add("ims.console.users." + name + ".password-hash", user::hash);
            registry.add("ims.console.users." + name + ".scopes", user::scopes);
        });
    }

    @LocalServerPort
    protected int port;
    protected Http http;

    @BeforeEach
    void serviceClient() {
        http = Operator.http(port);
        PROXY.passThrough();
        // The validator warms in the background after start: tests begin once the service is ready.
        Http anonymous = new Http("http://localhost:" + port);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> anonymous.get("/actuator/health/readiness").status() == 200);
    }
}
