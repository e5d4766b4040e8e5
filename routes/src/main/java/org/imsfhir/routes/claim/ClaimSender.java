package org.imsfhir.routes.claim;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ClaimResponse;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Money;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.claim.BillingRejectedException;
import org.imsfhir.adapter.claim.ClaimBundleBuilder;
import org.imsfhir.adapter.claim.ClaimSubmission;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.routes.delivery.DestinationSender;
import org.imsfhir.routes.delivery.SendResult;
import org.imsfhir.routes.store.DeliveryTask;
import org.imsfhir.routes.store.MessageStore;
import org.imsfhir.routes.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The insurer destination kind: one outbox delivery per billed session and payer. An attempt either
 * submits the claim ({@code POST [base]/Claim/$submit} with the claim Bundle) or, when the insurer
 * answered queued/partial before, reads the ClaimResponse again ({@code GET [base]/ClaimResponse/{id}}).
 * Every answer is stored ({@link ClaimStore}) and shown by the status API.
 *
 * <p>Verdicts for the outbox: a final ClaimResponse (complete, or error: the insurer's adjudication)
 * is DELIVERED; queued/partial is RETRY after the poll interval; 5xx/429/408/network trouble is
 * RETRY; another 4xx, or a session the adapter must not bill (reasons with field paths), is REFUSED
 * (DEAD, replayable). Replays and resubmissions reuse the Claim.identifier, so the insurer never sees
 * a second claim. Logs session keys only.
 */
public class ClaimSender implements DestinationSender {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimSender.class);
    private static final String FHIR_JSON = "application/fhir+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String destination;
    private final ClaimsProperties.Insurer insurer;
    private final URI base;
    private final ClaimBundleBuilder builder;
    private final ClaimStore claims;
    private final MessageStore messages;
    private final ImsRecordReader reader;
    private final HttpClient http;
    private final FhirContext fhir;
    private final Clock clock;

    public ClaimSender(String destination, ClaimsProperties.Insurer insurer, ClaimBundleBuilder builder, ClaimStore claims,
                       MessageStore messages, ImsRecordReader reader, FhirContext fhir, Clock clock) {
        this.destination = destination;
        this.insurer = insurer;
        String b = insurer.baseUrl().trim();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.builder = builder;
        this.claims = claims;
        this.messages = messages;
        this.reader = reader;
        this.http = HttpClient.newBuilder().connectTimeout(insurer.connectTimeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.fhir = fhir;
        this.clock = clock;
    }

    @Override
    public SendResult send(DeliveryTask task) {
        Optional<StoredClaim> known = claims.find(task.sessionKey(), destination);
        if (known.isPresent() && known.get().pending() && known.get().messageId() == task.messageId()) {
            return poll(task, known.get());
        }
        return submit(task);
    }

    private SendResult submit(DeliveryTask task) {
        StoredMessage message = messages.message(task.messageId()).orElse(null);
        RecordResult record = message == null ? null : reader.readRecord(message.rawPayload());
        if (record == null || !record.ok()) {
            return SendResult.refused(null, null, "the stored record no longer reads as a valid session");
        }
        ClaimSubmission submission;
        try {
            submission = builder.build(record.session(), clock.instant());
        } catch (BillingRejectedException e) {
            claims.save(new StoredClaim(task.sessionKey(), destination, task.messageId(), insurer.payerId(), null, null,
                    null, StoredClaim.NOT_BILLABLE, "Not billed by the adapter", null, null, null, null,
                    violations(e.violations()), null, 0, null, null));
            LOG.info("Claim for {} to {} not billable: {}", task.sessionKey(), destination, e.getMessage());
            return SendResult.refused(null, null, e.getMessage());
        }
        String body = fhir.newJsonParser().encodeResourceToString(submission.bundle());
        HttpRequest.Builder request = request(base + "/Claim/$submit")
                .header("Content-Type", FHIR_JSON + "; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return exchange(task, request, submission.claimKey(), submission.serviceCode().toString(), 0);
    }

    private SendResult poll(DeliveryTask task, StoredClaim pending) {
        String url = pending.responseId() != null
                ? base + "/ClaimResponse/" + URLEncoder.encode(pending.responseId(), StandardCharsets.UTF_8)
                : base + "/ClaimResponse?request.identifier=" + URLEncoder.encode(pending.claimIdentifier(), StandardCharsets.UTF_8);
        return exchange(task, request(url).GET(), pending.claimIdentifier(), pending.serviceCode(), pending.polls() + 1);
    }

    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(insurer.readTimeout()).header("Accept", FHIR_JSON);
        if (insurer.authHeader() != null && !insurer.authHeader().isBlank()) {
            b.header("Authorization", insurer.authHeader());
        }
        return b;
    }

    private SendResult exchange(DeliveryTask task, HttpRequest.Builder request, String claimKey, String serviceCode, int polls) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return SendResult.retry(null, null, "network error: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retry(null, null, "interrupted", null);
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429 || status == 408) {
            return SendResult.retry(status, response.body(), "HTTP " + status, null);
        }
        if (status < 200 || status >= 300) {
            return SendResult.refused(status, response.body(), "HTTP " + status + reasons(response.body()));
        }
        Optional<ClaimResponse> parsed = claimResponse(response.body());
        if (parsed.isEmpty()) {
            return SendResult.retry(status, response.body(), "HTTP " + status + " without a ClaimResponse", null);
        }
        ClaimResponse cr = parsed.get();
        String outcome = cr.getOutcome() == null ? "unknown" : cr.getOutcome().toCode();
        claims.save(stored(task, cr, outcome, claimKey, serviceCode, polls, response.body()));
        LOG.info("Claim for {} at {}: outcome {}", task.sessionKey(), destination, outcome);
        if ("queued".equals(outcome) || "partial".equals(outcome)) {
            return SendResult.retry(status, response.body(), "claim " + outcome + " at the insurer; reading it again later",
                    insurer.pollInterval());
        }
        return SendResult.delivered(status, response.body());
    }

    private StoredClaim stored(DeliveryTask task, ClaimResponse cr, String outcome, String claimKey, String serviceCode,
                               int polls, String json) {
        Money submitted = total(cr, "submitted");
        Money benefit = total(cr, "benefit");
        Money payment = cr.getPayment().getAmount();
        String currency = submitted != null ? submitted.getCurrency() : benefit != null ? benefit.getCurrency() : null;
        ArrayNode errors = JSON.createArrayNode();
        for (ClaimResponse.ErrorComponent e : cr.getError()) {
            CodeableConcept code = e.getCode();
            for (Coding c : code.getCoding()) {
                errors.addObject().put("system", c.getSystem()).put("code", c.getCode()).put("display", c.getDisplay());
            }
        }
        return new StoredClaim(task.sessionKey(), destination, task.messageId(), insurer.payerId(), claimKey, serviceCode,
                cr.getIdElement().getIdPart(), outcome, cr.getDisposition(), value(submitted), value(benefit),
                payment == null || payment.getValue() == null ? null : payment.getValue(), currency,
                errors.isEmpty() ? null : errors.toString(), json, polls, null, null);
    }

    /** A total by adjudication category, else the sum over the items' adjudications of that category. */
    private static Money total(ClaimResponse cr, String category) {
        for (ClaimResponse.TotalComponent t : cr.getTotal()) {
            if (t.getCategory().getCoding().stream().anyMatch(c -> category.equals(c.getCode()))) {
                return t.getAmount();
            }
        }
        Money sum = null;
        for (ClaimResponse.ItemComponent item : cr.getItem()) {
            for (ClaimResponse.AdjudicationComponent a : item.getAdjudication()) {
                if (a.hasAmount() && a.getCategory().getCoding().stream().anyMatch(c -> category.equals(c.getCode()))) {
                    if (sum == null) {
                        sum = a.getAmount().copy();
                    } else {
                        sum.setValue(sum.getValue().add(a.getAmount().getValue()));
                    }
                }
            }
        }
        return sum;
    }

    private static BigDecimal value(Money m) {
        return m == null ? null : m.getValue();
    }

    /** The ClaimResponse itself, or the first one in a Bundle (a searchset, or a $submit answer wrapped in a Bundle). */
    private Optional<ClaimResponse> claimResponse(String body) {
        IBaseResource r = parse(body);
        if (r instanceof ClaimResponse cr) {
            return Optional.of(cr);
        }
        if (r instanceof Bundle b) {
            return b.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                    .filter(ClaimResponse.class::isInstance).map(ClaimResponse.class::cast).findFirst();
        }
        return Optional.empty();
    }

    private String reasons(String body) {
        if (parse(body) instanceof OperationOutcome oo) {
            String text = oo.getIssue().stream().map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
                    .filter(d -> d != null && !d.isBlank()).collect(Collectors.joining("; "));
            return text.isEmpty() ? "" : ": " + text;
        }
        return "";
    }

    private IBaseResource parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return fhir.newJsonParser().parseResource(body);
        } catch (DataFormatException e) {
            return null;
        }
    }

    private static String violations(List<Violation> violations) {
        ArrayNode list = JSON.createArrayNode();
        violations.forEach(v -> list.addObject().put("path", v.path()).put("reason", v.reason()));
        return list.toString();
    }

    Duration pollInterval() {
        return insurer.pollInterval();
    }
}
