package org.imsfhir.routes.outbound;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;
import org.imsfhir.routes.delivery.SendResult;

/**
 * The one rule for what a receiver's non-2xx answer means, for every sender: network trouble, 408,
 * 425, 429 and 5xx are worth another try (after the receiver's Retry-After, in seconds or as an HTTP
 * date, when it sent one); 409 too where the receiver says so (a Retry-After, or a sender whose
 * receivers answer 409 for a concurrent write, like a FHIR server's transaction); any other 4xx is a
 * refusal. The reason stored is the status plus the receiver's OperationOutcome issues.
 */
public final class AnswerVerdicts {

    private final FhirContext fhir;
    private final Clock clock;

    public AnswerVerdicts(FhirContext fhir, Clock clock) {
        this.fhir = fhir;
        this.clock = clock;
    }

    /** The verdict on a non-2xx answer. */
    public SendResult judge(int status, String body, Optional<String> retryAfterHeader, boolean conflictIsTransient) {
        String reasons = reasons(body);
        String error = "HTTP " + status + (reasons.isEmpty() ? "" : ": " + reasons);
        Optional<Duration> retryAfter = retryAfterHeader.flatMap(this::retryAfter);
        boolean conflictToRetry = status == 409 && (conflictIsTransient || retryAfter.isPresent());
        if (status >= 500 || status == 408 || status == 425 || status == 429 || conflictToRetry) {
            return SendResult.retry(status, body, error, retryAfter.orElse(null));
        }
        return SendResult.refused(status, body, error);
    }

    /** The issues of an OperationOutcome body as "severity where: diagnostics; ...", or "" when the body is none. */
    public String reasons(String body) {
        if (body == null || body.isBlank() || !body.contains("OperationOutcome")) {
            return "";
        }
        OperationOutcome outcome;
        try {
            outcome = fhir.newJsonParser().parseResource(OperationOutcome.class, body);
        } catch (DataFormatException | ClassCastException e) {
            return "";
        }
        return outcome.getIssue().stream().map(i -> {
            String where = i.getExpression().stream().map(StringType::getValue).collect(Collectors.joining(", "));
            if (where.isEmpty()) {
                where = i.getLocation().stream().map(StringType::getValue).collect(Collectors.joining(", "));
            }
            return (i.getSeverity() == null ? "" : i.getSeverity().toCode() + " ")
                    + (where.isEmpty() ? "" : where + ": ") + (i.getDiagnostics() == null ? "" : i.getDiagnostics());
        }).collect(Collectors.joining("; "));
    }

    /** Retry-After as delta-seconds or an HTTP date (RFC 9110 10.2.3). */
    public Optional<Duration> retryAfter(String value) {
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
