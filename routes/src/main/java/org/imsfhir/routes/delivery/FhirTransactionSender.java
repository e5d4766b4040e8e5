package org.imsfhir.routes.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.store.DeliveryTask;

/**
 * Posts the transaction Bundle to a FHIR server's base URL (java.net.http; HAPI only parses).
 * Success only on a 2xx transaction-response whose entries all have a 2xx status. 5xx, 429, 408,
 * 409 (a concurrent write on the receiver) and network errors are worth another try; any other
 * 4xx is a refusal, with the reasons taken from the receiver's OperationOutcome.
 */
public class FhirTransactionSender implements DestinationSender {

    private static final String FHIR_JSON = "application/fhir+json";

    private final URI baseUrl;
    private final String authHeader;
    private final Duration readTimeout;
    private final HttpClient http;
    private final FhirContext fhir;
    private final Clock clock;

    public FhirTransactionSender(ImsProperties.Destination destination, FhirContext fhir, Clock clock) {
        String base = destination.baseUrl().trim();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.authHeader = destination.authHeader();
        this.readTimeout = destination.readTimeout();
        this.http = HttpClient.newBuilder()
                .connectTimeout(destination.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.fhir = fhir;
        this.clock = clock;
    }

    @Override
    public SendResult send(DeliveryTask task) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl)
                .timeout(readTimeout)
                .header("Content-Type", FHIR_JSON + "; charset=UTF-8")
                .header("Accept", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(task.bundle(), StandardCharsets.UTF_8));
        if (authHeader != null && !authHeader.isBlank()) {
            request.header("Authorization", authHeader);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return SendResult.retry(null, null, "timeout: " + e.getMessage(), null);
        } catch (IOException e) {
            return SendResult.retry(null, null, "network error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retry(null, null, "interrupted", null);
        }
        return judge(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }

    /** The verdict on a receiver's answer (public for tests). */
    SendResult judge(int status, String body, Optional<String> retryAfterHeader) {
        if (status >= 200 && status < 300) {
            Optional<Bundle> bundle = parse(body, Bundle.class);
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
        String reasons = parse(body, OperationOutcome.class).map(FhirTransactionSender::reasons).orElse("");
        String error = "HTTP " + status + (reasons.isEmpty() ? "" : ": " + reasons);
        if (status >= 500 || status == 429 || status == 408 || status == 409) {
            return SendResult.retry(status, body, error, retryAfterHeader.flatMap(this::retryAfter).orElse(null));
        }
        return SendResult.refused(status, body, error);
    }

    private static String reasons(OperationOutcome outcome) {
        return outcome.getIssue().stream().map(i -> {
            String where = i.getExpression().stream().map(StringType::getValue).collect(Collectors.joining(", "));
            if (where.isEmpty()) {
                where = i.getLocation().stream().map(StringType::getValue).collect(Collectors.joining(", "));
            }
            return (i.getSeverity() == null ? "" : i.getSeverity().toCode() + " ")
                    + (where.isEmpty() ? "" : where + ": ") + (i.getDiagnostics() == null ? "" : i.getDiagnostics());
        }).collect(Collectors.joining("; "));
    }

    private <T extends IBaseResource> Optional<T> parse(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(fhir.newJsonParser().parseResource(type, body));
        } catch (DataFormatException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** Retry-After as delta-seconds or an HTTP date. */
    Optional<Duration> retryAfter(String value) {
        String v = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }
}
