package org.imsfhir.routes.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.imsfhir.routes.outbound.ReceiverAnswer;
import org.imsfhir.routes.outbound.ReceiverClient;
import org.imsfhir.routes.store.DeliveryTask;

/**
 * Posts the transaction Bundle to a FHIR server's base URL through the destination's
 * {@link ReceiverClient} (authentication, TLS, timeouts, retry rules). What is its own: the request,
 * and the 2xx answer: success only on a transaction-response whose entries all have a 2xx status.
 * A 409 from a FHIR server means a concurrent write on the receiver, so it is worth another try.
 */
public class FhirTransactionSender implements DestinationSender {

    private static final String FHIR_JSON = "application/fhir+json";

    private final URI baseUrl;
    private final ReceiverClient receiver;
    private final FhirContext fhir;

    public FhirTransactionSender(String baseUrl, ReceiverClient receiver, FhirContext fhir) {
        String base = baseUrl.trim();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.receiver = receiver;
        this.fhir = fhir;
    }

    @Override
    public java.time.Duration longestAttempt() {
        return receiver.longestAttempt();
    }

    @Override
    public SendResult send(DeliveryTask task) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl)
                .header("Content-Type", FHIR_JSON + "; charset=UTF-8")
                .header("Accept", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(task.bundle(), StandardCharsets.UTF_8));
        ReceiverAnswer answer = receiver.exchange(request, true);
        return answer.ok() ? judge(answer.status(), answer.body()) : answer.failure();
    }

    /** The verdict on a 2xx answer. */
    SendResult judge(int status, String body) {
        Optional<Bundle> bundle = parse(body);
        if (bundle.isEmpty() || bundle.get().getType() != Bundle.BundleType.TRANSACTIONRESPONSE) {
            return SendResult.retry(status, body, "HTTP " + status + " without a transaction-response Bundle", null);
        }
        List<String> failed = bundle.get().getEntry().stream()
                .map(e -> e.getResponse().getStatus())
                .filter(s -> s == null || !s.trim().startsWith("2"))
                .toList();
        if (bundle.get().getEntry().isEmpty() || !failed.isEmpty()) {
            return SendResult.refused(status, body, "HTTP " + status + " but entries failed: " + failed);
        }
        return SendResult.delivered(status, body);
    }

    private Optional<Bundle> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(fhir.newJsonParser().parseResource(Bundle.class, body));
        } catch (DataFormatException | ClassCastException e) {
            return Optional.empty();
        }
    }
}
