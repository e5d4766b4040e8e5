package org.imsfhir.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.imsfhir.fixtures.FhirTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged server jar the way other modules' tests do (through {@link FhirTestServer}) and
 * checks the behaviour the adapter's delivery relies on: a transaction with a conditional create and a
 * conditional update, posted twice, leaves one copy of each resource and no new versions.
 */
class ConditionalTransactionIT {

  private static final String PATIENT_SYSTEM = "http://example.org/ims-test/patient";
  private static final String SESSION_SYSTEM = "http://example.org/ims-test/session";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static FhirTestServer server;

  @BeforeAll
  static void startServer() {
    server = FhirTestServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void conditionalTransactionPostedTwiceCreatesOnceAndChangesNothingTheSecondTime() throws Exception {
    String bundle = transaction("it-patient-1", "it-session-1");
    long patientsBefore = server.count("Patient");
    long proceduresBefore = server.count("Procedure");

    JsonNode first = postTransaction(bundle);

    assertThat(entryStatuses(first)).containsExactly("201 Created", "201 Created");
    assertThat(server.count("Patient")).isEqualTo(patientsBefore + 1);
    assertThat(server.count("Procedure")).isEqualTo(proceduresBefore + 1);
    List<String> firstLocations = entryLocations(first);

    JsonNode second = postTransaction(bundle);

    // The conditional create matched the existing Patient; the conditional update found the Procedure
    // unchanged, so HAPI keeps its version.
    assertThat(entryStatuses(second)).containsExactly("200 OK", "200 OK");
    assertThat(entryLocations(second)).isEqualTo(firstLocations);
    assertThat(firstLocations).allSatisfy(location -> assertThat(location).endsWith("/_history/1"));
    assertThat(server.count("Patient")).isEqualTo(patientsBefore + 1);
    assertThat(server.count("Procedure")).isEqualTo(proceduresBefore + 1);
    assertThat(server.count("Procedure", "identifier=" + SESSION_SYSTEM + "|it-session-1")).isEqualTo(1);
  }

  @Test
  void conditionalUpdateWithChangedContentMakesANewVersionOfTheSameResource() throws Exception {
    postTransaction(transaction("it-patient-2", "it-session-2"));
    long proceduresBefore = server.count("Procedure");

    JsonNode changed = postTransaction(transaction("it-patient-2", "it-session-2").replace("\"completed\"",
        "\"entered-in-error\""));

    assertThat(entryStatuses(changed)).containsExactly("200 OK", "200 OK");
    assertThat(entryLocations(changed).get(1)).endsWith("/_history/2");
    assertThat(server.count("Procedure")).isEqualTo(proceduresBefore);
  }

  @Test
  void acceptsARawVerticalBarInTheQueryString() throws Exception {
    postTransaction(transaction("it-patient-3", "it-session-3"));

    // java.net.URI refuses a raw '|', so speak HTTP directly, as less careful clients do.
    String statusLine = rawGet("/fhir/Patient?identifier=" + PATIENT_SYSTEM + "|it-patient-3&_summary=count");

    assertThat(statusLine).startsWith("HTTP/1.1 200");
  }

  private static String transaction(String patientId, String sessionId) {
    return """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"urn:uuid:6f0a3c52-0000-4000-8000-000000000001",
           "resource":{"resourceType":"Patient",
             "identifier":[{"system":"%1$s","value":"%2$s"}],
             "name":[{"family":"Testpatient","given":["Anne-Synthetic"]}]},
           "request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=%1$s|%2$s"}},
          {"fullUrl":"urn:uuid:6f0a3c52-0000-4000-8000-000000000002",
           "resource":{"resourceType":"Procedure",
             "identifier":[{"system":"%3$s","value":"%4$s"}],
             "status":"completed",
             "code":{"text":"Intramuscular stimulation"},
             "subject":{"reference":"urn:uuid:6f0a3c52-0000-4000-8000-000000000001"}},
           "request":{"method":"PUT","url":"Procedure?identifier=%3$s|%4$s"}}
        ]}
        """.formatted(PATIENT_SYSTEM, patientId, SESSION_SYSTEM, sessionId);
  }

  private static JsonNode postTransaction(String bundle) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(server.baseUrl())
        .header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(bundle))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("type").asText()).isEqualTo("transaction-response");
    return body;
  }

  private static List<String> entryStatuses(JsonNode transactionResponse) {
    List<String> statuses = new ArrayList<>();
    transactionResponse.path("entry").forEach(e -> statuses.add(e.path("response").path("status").asText()));
    return statuses;
  }

  private static List<String> entryLocations(JsonNode transactionResponse) {
    List<String> locations = new ArrayList<>();
    transactionResponse.path("entry").forEach(e -> locations.add(e.path("response").path("location").asText()));
    return locations;
  }

  private static String rawGet(String pathAndQuery) throws IOException {
    URI base = server.baseUrl();
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
          + "Accept: application/fhir+json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return answer.substring(0, answer.indexOf("\r\n"));
    }
  }
}
