package org.imsfhir.testserver;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;
import org.imsfhir.fixtures.FhirTestServer;

/**
 * Measures the stand-in FHIR server as the tests use it: time from launch to {@code /metadata} = 200,
 * resident memory, and the latency of a 10-entry transaction (all conditional), first when every entry
 * creates, then when the same bundle is posted again and nothing changes.
 *
 * <p>Not a test, and it needs nothing but the JDK and the launcher; run by hand from the repository root
 * after {@code mvn -B -pl test-fixtures/fhir-server -am package -DskipTests}:
 * <pre>
 * java -cp test-fixtures/fhir-server/target/test-classes:test-fixtures/target/classes \
 *     org.imsfhir.testserver.FhirServerBenchmark [rounds, default 30]
 * </pre>
 * The server's JVM options can be changed with {@code -Dims.test.fhirServer.jvmOptions="..."}.
 */
public final class FhirServerBenchmark {

  private static final int WARM_UP = 10;

  private FhirServerBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (FhirTestServer server = FhirTestServer.start()) {
      long rssReady = rssKiB(server.pid());
      System.out.printf("start-up to /metadata 200: %.1f s wall, %.1f s CPU (server JVM), load average %s%n",
          server.startUpTime().toMillis() / 1000.0, cpuMillis(server.pid()) / 1000.0, loadAverage());
      System.out.printf("RSS when ready: %d MiB%n", rssReady / 1024);

      for (int i = 0; i < WARM_UP; i++) {
        post(http, server, bundle("warm-" + i));
      }
      List<Duration> creates = new ArrayList<>();
      long cpuBefore = cpuMillis(server.pid());
      for (int i = 0; i < rounds; i++) {
        creates.add(post(http, server, bundle("run-" + i)));
      }
      long cpuCreates = cpuMillis(server.pid()) - cpuBefore;
      List<Duration> repeats = new ArrayList<>();
      cpuBefore = cpuMillis(server.pid());
      for (int i = 0; i < rounds; i++) {
        repeats.add(post(http, server, bundle("run-" + i)));
      }
      long cpuRepeats = cpuMillis(server.pid()) - cpuBefore;
      System.out.println("10-entry transaction, all creates:      " + summary(creates)
          + ", server CPU " + cpuCreates / rounds + " ms each");
      System.out.println("same bundle again (conditional no-ops): " + summary(repeats)
          + ", server CPU " + cpuRepeats / rounds + " ms each");
      System.out.println("load average after: " + loadAverage());
      System.out.printf("RSS after %d transactions: %d MiB%n", WARM_UP + 2 * rounds, rssKiB(server.pid()) / 1024);
      System.out.println("Procedures stored: " + server.count("Procedure") + " (expected " + (WARM_UP + rounds) + ")");
    }
  }

  private static Duration post(HttpClient http, FhirTestServer server, String bundle)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(server.baseUrl())
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(bundle))
        .build();
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Transaction answered " + response.statusCode() + ": " + response.body());
    }
    return took;
  }

  private static String summary(List<Duration> samples) {
    List<Long> ms = new ArrayList<>(samples.stream().map(Duration::toMillis).toList());
    Collections.sort(ms);
    return "median " + ms.get(ms.size() / 2) + " ms, p90 " + ms.get((int) (ms.size() * 0.9)) + " ms, min "
        + ms.get(0) + " ms, max " + ms.get(ms.size() - 1) + " ms (n=" + ms.size() + ")";
  }

  /**
   * Ten entries like one delivered IMS session: Patient, Practitioner and Organization created if absent,
   * Encounter, Procedure and five Observations updated by business identifier.
   */
  static String bundle(String key) {
    String sys = "http://example.org/ims-bench/";
    StringJoiner entries = new StringJoiner(",");
    entries.add(entry("urn:uuid:00000000-0000-4000-8000-000000000001",
        "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + sys + "patient\",\"value\":\"" + key
            + "\"}],\"name\":[{\"family\":\"Testpatient\",\"given\":[\"Anne-Synthetic\"]}],\"gender\":\"female\"}",
        "POST", "Patient", "identifier=" + sys + "patient|" + key));
    entries.add(entry("urn:uuid:00000000-0000-4000-8000-000000000002",
        "{\"resourceType\":\"Practitioner\",\"identifier\":[{\"system\":\"" + sys + "practitioner\",\"value\":\"pr-"
            + key + "\"}],\"name\":[{\"family\":\"Testpractitioner\"}]}",
        "POST", "Practitioner", "identifier=" + sys + "practitioner|pr-" + key));
    entries.add(entry("urn:uuid:00000000-0000-4000-8000-000000000003",
        "{\"resourceType\":\"Organization\",\"identifier\":[{\"system\":\"" + sys + "clinic\",\"value\":\"c-" + key
            + "\"}],\"name\":\"Synthetic Clinic\"}",
        "POST", "Organization", "identifier=" + sys + "clinic|c-" + key));
    entries.add(entry("urn:uuid:00000000-0000-4000-8000-000000000004",
        "{\"resourceType\":\"Encounter\",\"identifier\":[{\"system\":\"" + sys + "encounter\",\"value\":\"e-" + key
            + "\"}],\"status\":\"finished\",\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\","
            + "\"code\":\"AMB\"},\"subject\":{\"reference\":\"urn:uuid:00000000-0000-4000-8000-000000000001\"},"
            + "\"serviceProvider\":{\"reference\":\"urn:uuid:00000000-0000-4000-8000-000000000003\"}}",
        "PUT", "Encounter?identifier=" + sys + "encounter|e-" + key, null));
    entries.add(entry("urn:uuid:00000000-0000-4000-8000-000000000005",
        "{\"resourceType\":\"Procedure\",\"identifier\":[{\"system\":\"" + sys + "session\",\"value\":\"s-" + key
            + "\"}],\"status\":\"completed\",\"code\":{\"text\":\"Intramuscular stimulation\"},"
            + "\"subject\":{\"reference\":\"urn:uuid:00000000-0000-4000-8000-000000000001\"},"
            + "\"encounter\":{\"reference\":\"urn:uuid:00000000-0000-4000-8000-000000000004\"},"
            + "\"performedDateTime\":\"2026-11-02T10:00:00Z\","
            + "\"performer\":[{\"actor\":{\"reference\":\"urn:uuid:00000000-0000-4000-8000-000000000002\"}}]}",
        "PUT", "Procedure?identifier=" + sys + "session|s-" + key, null));
    for (int i = 1; i <= 5; i++) {
      entries.add(entry("urn:uuid:00000000-0000-4000-8000-00000000001" + i,
          "{\"resourceType\":\"Observation\",\"identifier\":[{\"system\":\"" + sys + "observation\",\"value\":\"o" + i
              + "-" + key + "\"}],\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
              + "\"code\":\"72514-3\"}]},\"subject\":{\"reference\":\"urn:uuid:00000000-0000-4000-8000-000000000001\"},"
              + "\"partOf\":[{\"reference\":\"urn:uuid:00000000-0000-4000-8000-000000000005\"}],"
              + "\"effectiveDateTime\":\"2026-11-02T10:00:00Z\",\"valueInteger\":" + i + "}",
          "PUT", "Observation?identifier=" + sys + "observation|o" + i + "-" + key, null));
    }
    return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + entries + "]}";
  }

  private static String entry(String fullUrl, String resource, String method, String url, String ifNoneExist) {
    return "{\"fullUrl\":\"" + fullUrl + "\",\"resource\":" + resource + ",\"request\":{\"method\":\"" + method
        + "\",\"url\":\"" + url + "\"" + (ifNoneExist == null ? "" : ",\"ifNoneExist\":\"" + ifNoneExist + "\"")
        + "}}";
  }

  /** User + system CPU time of a process (Linux {@code /proc/PID/stat}, clock ticks of 10 ms). */
  private static long cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }

  private static String loadAverage() throws IOException {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  private static long rssKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D+", ""));
      }
    }
    return -1;
  }
}
