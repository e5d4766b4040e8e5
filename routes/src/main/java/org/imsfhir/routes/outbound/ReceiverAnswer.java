package org.imsfhir.routes.outbound;

import java.net.http.HttpHeaders;
import org.imsfhir.routes.delivery.SendResult;

/**
 * What a receiver client got: a 2xx answer for the sender to read ({@code failure} null), or the
 * verdict on anything else ({@code failure}: retry or refused, with the reason to store).
 */
public record ReceiverAnswer(int status, String body, HttpHeaders headers, SendResult failure) {

    static ReceiverAnswer ok(int status, String body, HttpHeaders headers) {
        return new ReceiverAnswer(status, body, headers, null);
    }

    static ReceiverAnswer failed(SendResult verdict) {
        return new ReceiverAnswer(verdict.httpStatus() == null ? 0 : verdict.httpStatus(), verdict.responseBody(), null, verdict);
    }

    public boolean ok() {
        return failure == null;
    }
}
