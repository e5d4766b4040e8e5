package org.imsfhir.routes.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.imsfhir.adapter.registry.BulkBatchWriter;
import org.imsfhir.routes.delivery.SendResult;

/**
 * Pushes a batch to an HTTP endpoint: {@code PUT <pushUrl>/<batchId>/<Type>.ndjson} for each
 * file ({@code application/fhir+ndjson}), then {@code PUT <pushUrl>/<batchId>/manifest.json}
 * last: the manifest is the receiver's signal that the batch is complete. PUT to the same URLs
 * makes a retry (which always sends the whole batch again) harmless. 5xx, 408, 429 and network
 * errors are retried; any other 4xx refuses the batch.
 */
public final class HttpPushBatchSender implements BatchSender {
    private final URI base;
    private final String authHeader;
    private final Duration readTimeout;
    private final HttpClient http;

    public HttpPushBatchSender(URI base, String authHeader, Duration connectTimeout, Duration readTimeout) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.authHeader = authHeader;
        this.readTimeout = readTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    @Override
    public SendResult send(String batchId, Path staged) {
        try {
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(staged)) {
                s.filter(p -> p.getFileName().toString().endsWith(BulkBatchWriter.NDJSON_SUFFIX)).sorted().forEach(files::add);
            }
            files.add(staged.resolve(BulkBatchWriter.MANIFEST));
            for (Path f : files) {
                String name = f.getFileName().toString();
                HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(batchId + "/" + name))
                        .timeout(readTimeout)
                        .header("Content-Type", name.endsWith(".json") ? "application/json" : "application/fhir+ndjson")
                        .PUT(HttpRequest.BodyPublishers.ofFile(f));
                if (authHeader != null && !authHeader.isBlank()) {
                    req.header("Authorization", authHeader);
                }
                HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                int code = res.statusCode();
                if (code / 100 == 2) {
                    continue;
                }
                String body = res.body() == null ? null : res.body().substring(0, Math.min(4000, res.body().length()));
                if (code >= 500 || code == 408 || code == 429) {
                    return SendResult.retry(code, body, "HTTP " + code + " for " + name, null);
                }
                return SendResult.refused(code, body, "HTTP " + code + " for " + name);
            }
            return SendResult.delivered(200, null);
        } catch (IOException e) {
            return SendResult.retry(null, null, "push failed: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retry(null, null, "interrupted", null);
        }
    }
}
