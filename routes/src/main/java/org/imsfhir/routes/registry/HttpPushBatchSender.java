package org.imsfhir.routes.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.imsfhir.adapter.registry.BulkBatchWriter;
import org.imsfhir.routes.delivery.SendResult;
import org.imsfhir.routes.outbound.ReceiverAnswer;
import org.imsfhir.routes.outbound.ReceiverClient;

/**
 * Pushes a batch to an HTTP endpoint: {@code PUT <pushUrl>/<batchId>/<Type>.ndjson} for each
 * file ({@code application/fhir+ndjson}), then {@code PUT <pushUrl>/<batchId>/manifest.json}
 * last: the manifest is the receiver's signal that the batch is complete. PUT to the same URLs
 * makes a retry (which always sends the whole batch again) harmless. Authentication, TLS and the
 * verdict on a non-2xx answer are the feed's {@link ReceiverClient}'s; the first failure stops the batch.
 */
public final class HttpPushBatchSender implements BatchSender {
    /** Kept of a refusing answer for the batch's status. */
    private static final int STORED_BODY = 4000;

    private final URI base;
    private final ReceiverClient receiver;

    public HttpPushBatchSender(URI base, ReceiverClient receiver) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.receiver = receiver;
    }

    @Override
    public SendResult send(String batchId, Path staged) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(staged)) {
            s.filter(p -> p.getFileName().toString().endsWith(BulkBatchWriter.NDJSON_SUFFIX)).sorted().forEach(files::add);
        } catch (IOException e) {
            return SendResult.retry(null, null, "push failed: the staged batch cannot be read (" + e.getClass().getSimpleName() + ")", null);
        }
        files.add(staged.resolve(BulkBatchWriter.MANIFEST));
        for (Path f : files) {
            String name = f.getFileName().toString();
            HttpRequest.Builder request;
            try {
                request = HttpRequest.newBuilder(base.resolve(batchId + "/" + name))
                        .header("Content-Type", name.endsWith(".json") ? "application/json" : "application/fhir+ndjson")
                        .PUT(HttpRequest.BodyPublishers.ofFile(f));
            } catch (IOException e) {
                return SendResult.retry(null, null, "push failed: " + name + " cannot be read (" + e.getClass().getSimpleName() + ")", null);
            }
            ReceiverAnswer answer = receiver.exchange(request, false);
            if (!answer.ok()) {
                SendResult f0 = answer.failure();
                String body = f0.responseBody() == null ? null : f0.responseBody().substring(0, Math.min(STORED_BODY, f0.responseBody().length()));
                String error = f0.error() + " for " + name;
                return f0.verdict() == SendResult.Verdict.RETRY
                        ? SendResult.retry(f0.httpStatus(), body, error, f0.retryAfter())
                        : SendResult.refused(f0.httpStatus(), body, error);
            }
        }
        return SendResult.delivered(200, null);
    }
}
