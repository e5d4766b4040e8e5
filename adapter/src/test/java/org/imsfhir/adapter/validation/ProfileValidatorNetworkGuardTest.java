package org.imsfhir.adapter.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The validator makes no network call, ever: building it, warming it and validating content that
 * would tempt a validator to go online (unknown code systems, absolute references, unknown profiles)
 * happen under a JVM-wide {@link ConnectionGuard} that must record no attempt.
 */
class ProfileValidatorNetworkGuardTest {

    /** Content that a validator with a terminology server or resource fetcher would look up online. */
    static final String TEMPTING_PROCEDURE = """
            {
              "resourceType": "Procedure",
              "meta": { "profile": [
                "https://ims-fhir-adapter.github.io/ig/StructureDefinition/placeholder-procedure",
                "http://example.org/fhir/StructureDefinition/not-in-any-package" ] },
              "status": "completed",
              "code": { "coding": [
                { "system": "http://snomed.info/sct", "code": "999999999" },
                { "system": "http://example.org/fhir/CodeSystem/unknown", "code": "x" } ] },
              "subject": { "reference": "https://ehr.example.org/fhir/Patient/123" },
              "performer": [ { "actor": { "reference": "http://example.org/fhir/Practitioner/1" } } ],
              "performedPeriod": { "start": "2026-11-02T09:00:00-08:00" },
              "bodySite": [ { "coding": [ { "system": "http://snomed.info/sct", "code": "31764008" } ] } ],
              "extension": [ { "url": "http://example.org/fhir/StructureDefinition/unknown-ext", "valueString": "x" } ]
            }
            """;

    @Test
    void buildingWarmingAndValidatingMakeNoConnectionAttempt() {
        try (ConnectionGuard guard = ConnectionGuard.install()) {
            // A fresh FhirContext, so the R4 core definitions are loaded inside the guard too.
            FhirContext ctx = FhirContext.forR4();
            ProfileValidator validator = TestPackages.placeholderValidator(ctx).build();
            validator.warmUp();
            ValidationReport report = validator.validateJson(TEMPTING_PROCEDURE);

            assertThat(report.isValid()).isFalse(); // it did validate: the unknown profile is an error
            assertThat(guard.attempts()).as("connection attempts").isEmpty();
        }
    }

    @Test
    void guardSeesPlainSocketsHttpUrlConnectionAndHttpClient() {
        try (ConnectionGuard guard = ConnectionGuard.install()) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("tx.fhir.org", 443), 2000);
                }
            }).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://tx.fhir.org/r4/metadata").toURL()
                        .openConnection();
                c.setConnectTimeout(2000);
                c.getResponseCode();
            }).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create("https://packages.fhir.org/hl7.fhir.r4.core")).build(),
                            HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(IOException.class);

            assertThat(guard.attempts()).extracting(URI::getHost)
                    .contains("tx.fhir.org", "packages.fhir.org");
            assertThat(guard.attempts()).extracting(URI::getScheme).contains("socket", "http", "https");
        }
    }
}
