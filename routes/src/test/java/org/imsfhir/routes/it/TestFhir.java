package org.imsfhir.routes.it;

import java.time.Duration;
import org.imsfhir.fixtures.FhirTestServer;

/**
 * The one FHIR test server of this test JVM (HAPI's JPA server as its own process), started on
 * first use and stopped with the JVM. Start-up takes about 40 s on an idle machine, far more on a
 * busy one: hence the generous timeout.
 */
public final class TestFhir {

    private static FhirTestServer server;

    private TestFhir() {
    }

    public static synchronized FhirTestServer shared() {
        if (server == null || !server.isAlive()) {
            server = FhirTestServer.builder().timeout(Duration.ofMinutes(10)).start();
        }
        return server;
    }
}
