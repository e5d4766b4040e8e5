package org.imsfhir.routes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.imsfhir.fixtures.FhirTestServer;
import org.imsfhir.routes.support.Batches;
import org.imsfhir.routes.support.TestDirs;
import org.imsfhir.routes.support.TestRecords;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM in the middle of delivering: the process exits 0 within the grace period, holds no lease
 * afterwards, and a node started on the same store delivers the rest, each session once.
 */
class GracefulShutdownIT {

    private static final int RECORDS = 300;

    private final FhirTestServer fhir = TestFhir.shared();
    private final TestRecords records = new TestRecords("https://graceful-shutdown-it.example/pms");

    @Test
    void sigtermMidRunExitsZeroReleasesItsLeasesAndTheRestIsDeliveredOnce() throws Exception {
        Path work = TestDirs.create("graceful-shutdown-it");
        Path database = work.resolve("data/ims-adapter");
        Path log = work.resolve("adapter.log");
        List<String> arguments = List.of(
                "--spring.datasource.url=jdbc:h2:file:" + database + ";WRITE_DELAY=0",
                "--ims.intake.inbox.enabled=false",
                "--ims.registry.feeds.national-ims.enabled=false",
                "--ims.delivery.poll-interval=100ms",
                "--ims.delivery.lease=5m", // long: only the release at shutdown lets the next node go on at once
                "--ims.delivery.destinations.ehr.base-url=" + fhir.baseUrl());
        int port = AdapterProcess.freePort();

        int exitCode;
        try (AdapterProcess first = AdapterProcess.start(port, log, arguments)) {
            assertThat(Batches.post(first.operator(), records.sessions(0, RECORDS, 100), 50, 2)).isEqualTo(RECORDS);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> procedures().size() >= 10);
            exitCode = first.terminate(Duration.ofSeconds(90));
        }
        int deliveredBefore = procedures().size();
        System.out.printf("GracefulShutdownIT: SIGTERM with %d of %d delivered%n", deliveredBefore, RECORDS);

        assertThat(exitCode).as("exit code after SIGTERM").isZero();
        assertThat(Files.readString(log)).contains("SIGTERM received", "delivery lease(s) released");
        assertThat(count(database, "select count(*) from ims_delivery where lease_owner is not null")).isZero();
        assertThat(deliveredBefore).as("stopped mid-run").isLessThan(RECORDS);

        try (AdapterProcess second = AdapterProcess.start(port, log, arguments)) {
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> procedures().size() >= RECORDS);
        }
        List<String> procedures = procedures();
        assertThat(procedures).hasSize(RECORDS);
        assertThat(new HashSet<>(procedures)).hasSize(RECORDS);
    }

    private List<String> procedures() {
        return Received.identifierValues(fhir, "Procedure", records.system() + "/session");
    }

    private static long count(Path database, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + database, "sa", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
