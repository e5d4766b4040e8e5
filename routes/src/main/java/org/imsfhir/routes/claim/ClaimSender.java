package org.imsfhir.routes.claim;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ClaimResponse;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Money;
import org.imsfhir.adapter.check.Violation;
import org.imsfhir.adapter.claim.BillingRejectedException;
import org.imsfhir.adapter.claim.ClaimBundleBuilder;
import org.imsfhir.adapter.claim.ClaimSubmission;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.record.SessionStatus;
import org.imsfhir.routes.delivery.DestinationSender;
import org.imsfhir.routes.delivery.SendResult;
import org.imsfhir.routes.outbound.ReceiverAnswer;
import org.imsfhir.routes.outbound.ReceiverClient;
import org.imsfhir.routes.store.DeliveryTask;
import org.imsfhir.routes.store.StatusQueries;
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
 * is DELIVERED; queued/partial is RETRY after the poll interval; answers other than 2xx are judged by
 * the destination's {@link ReceiverClient} (which also authenticates: 5xx/429/408/425/network trouble
 * RETRY, another 4xx REFUSED); a session the adapter must not bill (reasons with field paths) is REFUSED
 * (DEAD, replayable). Replays and resubmissions reuse the Claim.identifier, so the insurer never sees
 * a second claim. Logs session keys only.
 *
 * <p><b>Cancellation.</b> A record that makes the session entered-in-error cancels the claim
 * submitted earlier to this insurer (a stored row with a Claim.identifier and an insurer outcome):
 * the same Claim, status {@code cancelled}, through the same {@code POST [base]/Claim/$submit}. R4
 * defines no cancel operation for $submit, so this is the adapter's convention; a payer with its own
 * cancel mechanism (e.g. a {@code $cancel} operation or a reversal message) needs another sender.
 * The insurer's answer is stored beside the claim's adjudication ({@link ClaimStore#saveCancellation}):
 * complete is DELIVERED (the claim is cancelled), queued/partial sends the cancellation again after
 * the poll interval, error is REFUSED (the claim stays at the insurer; replayable). A claim already
 * cancelled is never cancelled again (replays and resends are DELIVERED without a request). When no
 * claim was submitted (no row, or only the adapter's refusal), nothing is sent: the row
 * {@code not-billable} on {@code status} says so and the delivery is DELIVERED, so a dead earlier
 * version of the session can no longer be replayed over the retraction.
 */
public class ClaimSender implements DestinationSender {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimSender.class);
    private static final String FHIR_JSON = "application/fhir+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Cancellation outcome when the adapter could not build the cancellation (reasons in the errors). */
    static final String NOT_SENT = "not-sent";

    private final String destination;
    private final ClaimsProperties.Insurer insurer;
    private final URI base;
    private final ClaimBundleBuilder builder;
    private final ClaimStore claims;
    private final StatusQueries messages;
    private final ImsEngine engine;
    private final ReceiverClient receiver;
    private final FhirContext fhir;
    private final Clock clock;

    public ClaimSender(String destination, ClaimsProperties.Insurer insurer, ReceiverClient receiver, ClaimBundleBuilder builder,
                       ClaimStore claims, StatusQueries messages, ImsEngine engine, FhirContext fhir, Clock clock) {
        this.destination = destination;
        this.insurer = insurer;
        String b = insurer.baseUrl().trim();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.builder = builder;
        this.claims = claims;
        this.messages = messages;
        this.engine = engine;
        this.receiver = receiver;
        this.fhir = fhir;
        this.clock = clock;
    }

    @Override
    public java.time.Duration longestAttempt() {
        return receiver.longestAttempt();
    }

    @Override
    public SendResult send(DeliveryTask task) {
        Optional<StoredClaim> known = claims.find(task.sessionKey(), destination);
        if (known.isPresent() && known.get().pending() && known.get().messageId() == task.messageId()) {
            return poll(task, known.get());
        }
        return submit(task, known);
    }

    private SendResult submit(DeliveryTask task, Optional<StoredClaim> known) {
        StoredMessage message = messages.message(task.messageId()).orElse(null);
        // Every record is stored as one JSON record, CSV rows too (as the reader read them).
        ImsSession session = message == null ? null
                : engine.readStored(message.rawPayload(), PayloadFormat.JSON).orElse(null);
        if (session == null) {
            return SendResult.refused(null, null, "the stored record no longer reads as a valid session");
        }
        if (session.status() == SessionStatus.ENTERED_IN_ERROR) {
            return cancel(task, session, known.orElse(null));
        }
        if (known.isPresent() && known.get().cancelled()) {
            LOG.info("Claim for {} at {} was cancelled by message {}; message {} not submitted", task.sessionKey(),
                    destination, known.get().cancelMessageId(), task.messageId());
            return SendResult.refused(null, null, "the claim for this session was cancelled at the insurer (message "
                    + known.get().cancelMessageId() + "); billing the session again after its retraction would need"
                    + " a new claim identifier, which the adapter does not make");
        }
        ClaimSubmission submission;
        try {
            submission = builder.build(session, clock.instant());
        } catch (BillingRejectedException e) {
            claims.save(new StoredClaim(task.sessionKey(), destination, task.messageId(), insurer.payerId(), null, null,
                    null, StoredClaim.NOT_BILLABLE, "Not billed by the adapter", null, null, null, null,
                    violations(e.violations()), null, 0, null, null));
            LOG.info("Claim for {} to {} not billable: {}", task.sessionKey(), destination, e.getMessage());
            return SendResult.refused(null, null, e.getMessage());
        }
        return exchange(task, submitRequest(submission), submission.claimKey(), submission.serviceCode().toString(), 0);
    }

    /** {@code POST [base]/Claim/$submit} with the claim Bundle (a claim or its cancellation). */
    private HttpRequest.Builder submitRequest(ClaimSubmission submission) {
        String body = fhir.newJsonParser().encodeResourceToString(submission.bundle());
        return request(base + "/Claim/$submit")
                .header("Content-Type", FHIR_JSON + "; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    /** The session is entered-in-error: cancel the claim submitted earlier, if there is one. */
    private SendResult cancel(DeliveryTask task, ImsSession session, StoredClaim known) {
        if (known == null || !known.submitted()) {
            ArrayNode errors = JSON.createArrayNode();
            errors.addObject().put("path", "status").put("reason", "is entered-in-error: a retracted session is not"
                    + " billed; no claim was submitted to this insurer, so there is nothing to cancel");
            claims.save(new StoredClaim(task.sessionKey(), destination, task.messageId(), insurer.payerId(), null, null,
                    null, StoredClaim.NOT_BILLABLE, "Not billed: the session is entered-in-error (nothing to cancel)",
                    null, null, null, null, errors.toString(), null, 0, null, null));
            LOG.info("Claim for {} to {}: session entered-in-error, no claim submitted, nothing to cancel",
                    task.sessionKey(), destination);
            return SendResult.delivered(null, null);
        }
        if (known.cancelled()) {
            LOG.info("Claim for {} at {} already cancelled by message {}; not cancelled again for message {}",
                    task.sessionKey(), destination, known.cancelMessageId(), task.messageId());
            return SendResult.delivered(null, null);
        }
        ClaimSubmission cancellation;
        try {
            cancellation = builder.cancellation(session, known.serviceCode(), clock.instant());
        } catch (BillingRejectedException e) {
            claims.saveCancellation(task.sessionKey(), destination, task.messageId(), NOT_SENT, "Cancellation not sent",
                    violations(e.violations()), null);
            LOG.info("Cancellation of the claim for {} at {} not sent: {}", task.sessionKey(), destination, e.getMessage());
            return SendResult.refused(null, null, "cancellation not sent: " + e.getMessage());
        }
        if (!cancellation.claimKey().equals(known.claimIdentifier())) {
            return SendResult.refused(null, null, "cancellation not sent: the claim identifier of this record differs from"
                    + " the one submitted");
        }
        Answer answer = call(submitRequest(cancellation));
        if (answer.failure() != null) {
            return answer.failure();
        }
        ClaimResponse cr = answer.claimResponse();
        String outcome = cr.getOutcome() == null ? "unknown" : cr.getOutcome().toCode();
        String errors = errors(cr);
        claims.saveCancellation(task.sessionKey(), destination, task.messageId(), outcome, cr.getDisposition(), errors,
                answer.body());
        LOG.info("Cancellation of the claim for {} at {} (message {}): outcome {}", task.sessionKey(), destination,
                task.messageId(), outcome);
        if ("complete".equals(outcome)) {
            return SendResult.delivered(answer.status(), answer.body());
        }
        if ("queued".equals(outcome) || "partial".equals(outcome)) {
            return SendResult.retry(answer.status(), answer.body(), "cancellation " + outcome
                    + " at the insurer; sending it again later", insurer.pollInterval());
        }
        return SendResult.refused(answer.status(), answer.body(), "the insurer did not cancel the claim: outcome "
                + outcome + (errors == null ? "" : " " + errors));
    }

    /** An HTTP exchange with the insurer: the ClaimResponse of a 2xx answer, or the verdict for anything else. */
    private record Answer(int status, String body, ClaimResponse claimResponse, SendResult failure) {
    }

    private Answer call(HttpRequest.Builder request) {
        ReceiverAnswer response = receiver.exchange(request, false);
        int status = response.status();
        if (!response.ok()) {
            return new Answer(status, response.body(), null, response.failure());
        }
        Optional<ClaimResponse> parsed = claimResponse(response.body());
        if (parsed.isEmpty()) {
            return new Answer(status, response.body(), null,
                    SendResult.retry(status, response.body(), "HTTP " + status + " without a ClaimResponse", null));
        }
        return new Answer(status, response.body(), parsed.get(), null);
    }

    private SendResult poll(DeliveryTask task, StoredClaim pending) {
        String url = pending.responseId() != null
                ? base + "/ClaimResponse/" + URLEncoder.encode(pending.responseId(), StandardCharsets.UTF_8)
                : base + "/ClaimResponse?request.identifier=" + URLEncoder.encode(pending.claimIdentifier(), StandardCharsets.UTF_8);
        return exchange(task, request(url).GET(), pending.claimIdentifier(), pending.serviceCode(), pending.polls() + 1);
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", FHIR_JSON);
    }

    private SendResult exchange(DeliveryTask task, HttpRequest.Builder request, String claimKey, String serviceCode, int polls) {
        Answer answer = call(request);
        if (answer.failure() != null) {
            return answer.failure();
        }
        ClaimResponse cr = answer.claimResponse();
        int status = answer.status();
        String outcome = cr.getOutcome() == null ? "unknown" : cr.getOutcome().toCode();
        claims.save(stored(task, cr, outcome, claimKey, serviceCode, polls, answer.body()));
        LOG.info("Claim for {} at {}: outcome {}", task.sessionKey(), destination, outcome);
        if ("queued".equals(outcome) || "partial".equals(outcome)) {
            return SendResult.retry(status, answer.body(), "claim " + outcome + " at the insurer; reading it again later",
                    insurer.pollInterval());
        }
        return SendResult.delivered(status, answer.body());
    }

    private StoredClaim stored(DeliveryTask task, ClaimResponse cr, String outcome, String claimKey, String serviceCode,
                               int polls, String json) {
        Money submitted = total(cr, "submitted");
        Money benefit = total(cr, "benefit");
        Money payment = cr.getPayment().getAmount();
        String currency = submitted != null ? submitted.getCurrency() : benefit != null ? benefit.getCurrency() : null;
        return new StoredClaim(task.sessionKey(), destination, task.messageId(), insurer.payerId(), claimKey, serviceCode,
                cr.getIdElement().getIdPart(), outcome, cr.getDisposition(), value(submitted), value(benefit),
                payment == null || payment.getValue() == null ? null : payment.getValue(), currency,
                errors(cr), json, polls, null, null);
    }

    /** The insurer's error codes as a JSON array, or null when there are none. */
    private static String errors(ClaimResponse cr) {
        ArrayNode errors = JSON.createArrayNode();
        for (ClaimResponse.ErrorComponent e : cr.getError()) {
            CodeableConcept code = e.getCode();
            for (Coding c : code.getCoding()) {
                errors.addObject().put("system", c.getSystem()).put("code", c.getCode()).put("display", c.getDisplay());
            }
        }
        return errors.isEmpty() ? null : errors.toString();
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
