package org.imsfhir.routes.intake;

import java.time.Duration;

/**
 * The service cannot take this payload now (back-pressure): too many records are waiting to be
 * judged, or too many request bytes are held. Nothing of the payload was stored; the sender should
 * send it again after {@link #retryAfter()}.
 */
public class IntakeBusyException extends RuntimeException {

    /** Counter of payloads refused for back-pressure, tag {@code limit}: {@code queued-records} or {@code buffered-bytes}. */
    public static final String METRIC = "ims.intake.refused";

    /** Which limit was reached (the {@code limit} tag of {@value #METRIC}). */
    public enum Limit {
        QUEUED_RECORDS("queued-records"),
        BUFFERED_BYTES("buffered-bytes");

        private final String tag;

        Limit(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Limit limit;
    private final Duration retryAfter;

    public IntakeBusyException(Limit limit, Duration retryAfter) {
        super("busy: " + limit.tag(), null, false, false);
        this.limit = limit;
        this.retryAfter = retryAfter;
    }

    public Limit limit() {
        return limit;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Retry-After in whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
