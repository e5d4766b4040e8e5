package org.imsfhir.routes.api;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.pipeline.Outcomes;

/** Sets an HTTP answer on a Camel exchange, dropping the request's headers so none leak into the response. */
final class Responses {

    static final String JSON = "application/json";
    static final String FHIR_JSON = "application/fhir+json";

    private Responses() {
    }

    static void respond(Exchange exchange, int status, String contentType, String body) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        message.setBody(body);
    }

    static void outcome(Exchange exchange, int status, OperationOutcome outcome) {
        respond(exchange, status, FHIR_JSON, Outcomes.toJson(outcome));
    }

    /** 503 with Retry-After and an OperationOutcome (back-pressure: the sender should try again later). */
    static void busy(Exchange exchange, long retryAfterSeconds, String diagnostics) {
        outcome(exchange, 503, Outcomes.error(IssueType.THROTTLED, diagnostics));
        exchange.getMessage().setHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
}
