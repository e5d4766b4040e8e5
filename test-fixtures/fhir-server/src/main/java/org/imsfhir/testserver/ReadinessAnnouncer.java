package org.imsfhir.testserver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Once started, asks the server for its own {@code /fhir/metadata} (HAPI builds the CapabilityStatement on
 * first request, which is slow) and only then prints one machine-readable line, so a launcher that started
 * the server on port 0 learns the bound port and knows {@code /fhir} answers:
 * {@code IMS-TEST-FHIR-SERVER-READY port=NNNNN}.
 */
@Component
public class ReadinessAnnouncer implements ApplicationListener<ApplicationReadyEvent> {

  public static final String READY_PREFIX = "IMS-TEST-FHIR-SERVER-READY port=";
  private static final Logger LOG = LoggerFactory.getLogger(ReadinessAnnouncer.class);

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
      return;
    }
    int port = web.getWebServer().getPort();
    int status = metadataStatus(port);
    if (status != 200) {
      LOG.error("GET /fhir/metadata answered {}; not announcing readiness", status);
      return;
    }
    System.out.println(READY_PREFIX + port);
    System.out.flush();
  }

  private static int metadataStatus(int port) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir/metadata"))
        .header("Accept", "application/fhir+json")
        .timeout(Duration.ofMinutes(5))
        .build();
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      LOG.error("GET /fhir/metadata failed", e);
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
