package org.imsfhir.routes.delivery;

import java.time.Duration;

/**
 * What one attempt to send a bundle gave: delivered, worth another try (with the receiver's
 * Retry-After when it sent one), or refused for good (with the receiver's reasons).
 */
public record SendResult(Verdict verdict, Integer httpStatus, String responseBody, String error, Duration retryAfter) {

    public enum Verdict { DELIVERED, RETRY, REFUSED }

    public static SendResult delivered(Integer httpStatus, String body) {
        return new SendResult(Verdict.DELIVERED, httpStatus, body, null, null);
    }

    public static SendResult retry(Integer httpStatus, String body, String error, Duration retryAfter) {
        return new SendResult(Verdict.RETRY, httpStatus, body, error, retryAfter);
    }

    public static SendResult refused(Integer httpStatus, String body, String error) {
        return new SendResult(Verdict.REFUSED, httpStatus, body, error, null);
    }
}
