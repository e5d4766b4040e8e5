package org.imsfhir.routes.delivery;

import java.time.Duration;
import java.util.Map;

/**
 * Checked at start: the delivery lease outlasts the longest attempt of every destination (its
 * timeouts and a token request, {@link DestinationSender#longestAttempt()}) with a margin. Otherwise
 * a slow but working attempt could lose its lease mid-send, another node would send the same bundle,
 * and the first attempt's outcome would not be recorded.
 */
public final class LeaseBudget {

    /** The least margin over an attempt: time to record the outcome, a pause of the JVM or the database. */
    static final Duration MIN_MARGIN = Duration.ofSeconds(5);

    private LeaseBudget() {
    }

    /** The lease an attempt of this length needs: the attempt plus a quarter of it, at least {@link #MIN_MARGIN} more. */
    public static Duration required(Duration attempt) {
        Duration quarter = attempt.dividedBy(4);
        return attempt.plus(quarter.compareTo(MIN_MARGIN) > 0 ? quarter : MIN_MARGIN);
    }

    /** @throws LeaseTooShortException naming the destination, its longest attempt and the lease it needs */
    public static void check(Duration lease, Map<String, DestinationSender> senders) {
        senders.forEach((name, sender) -> {
            Duration attempt = sender.longestAttempt();
            Duration needed = required(attempt);
            if (lease.compareTo(needed) < 0) {
                throw new LeaseTooShortException("ims.delivery.lease (" + lease + ") is too short for destination '" + name
                        + "': one attempt may take up to " + attempt + " (connect and read timeouts, and a token request"
                        + " where the destination uses tokens), so the lease must be at least " + needed + ".",
                        "Raise ims.delivery.lease, or lower that destination's connect-timeout/read-timeout.");
            }
        });
    }

    /** What is wrong and what to do (the start-up failure report shows both). */
    public static final class LeaseTooShortException extends IllegalStateException {
        private final String description;
        private final String action;

        LeaseTooShortException(String description, String action) {
            super(description + " " + action);
            this.description = description;
            this.action = action;
        }

        public String description() {
            return description;
        }

        public String action() {
            return action;
        }
    }
}
