package org.imsfhir.routes.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access token of one destination: fetched when first needed, reused by every send until shortly
 * before it expires, fetched once for many parallel sends (they wait for the one fetch), and dropped
 * when the receiver answers 401 to it. A failed fetch is remembered for a few seconds, so a queue of
 * deliveries does not turn into a burst of token requests against a server that just said no.
 */
final class AccessTokens implements Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
    /** How long a failed token request answers for the next ones. */
    static final Duration FAILURE_HOLD = Duration.ofSeconds(5);

    private final String destination;
    private final TokenGrant grant;
    private final Clock clock;
    private final Consumer<String> outcomes;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile AccessToken current;
    private volatile HeldFailure failure;

    private record HeldFailure(String reason, boolean refused, Instant until) {
    }

    /** @param outcomes told "issued", "refused" or "failed" after each token request (metrics) */
    AccessTokens(String destination, TokenGrant grant, Clock clock, Consumer<String> outcomes) {
        this.destination = destination;
        this.grant = grant;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    @Override
    public String authorization() throws TokenFailure {
        AccessToken token = current;
        if (usable(token)) {
            return bearer(token);
        }
        fetching.lock();
        try {
            token = current;
            if (usable(token)) {
                return bearer(token); // another send fetched it while this one waited
            }
            HeldFailure held = failure;
            if (held != null && clock.instant().isBefore(held.until())) {
                throw new TokenFailure(held.reason(), held.refused());
            }
            try {
                token = grant.fetch();
            } catch (TokenFailure e) {
                failure = new HeldFailure(e.getMessage(), e.refused(), clock.instant().plus(FAILURE_HOLD));
                outcomes.accept(e.refused() ? "refused" : "failed");
                LOG.warn("Destination {}: no access token: {}", destination, e.getMessage());
                throw e;
            }
            failure = null;
            current = token;
            outcomes.accept("issued");
            LOG.debug("Destination {}: new access token, used until {}", destination, token.useUntil());
            return bearer(token);
        } finally {
            fetching.unlock();
        }
    }

    @Override
    public boolean rejected(String authorization) {
        AccessToken token = current;
        if (token != null && bearer(token).equals(authorization)) {
            current = null; // only the token that was refused: a newer one fetched meanwhile stays
            LOG.info("Destination {}: the receiver refused the access token (401); fetching a new one", destination);
        }
        return true;
    }

    private boolean usable(AccessToken token) {
        return token != null && clock.instant().isBefore(token.useUntil());
    }

    private static String bearer(AccessToken token) {
        return "Bearer " + token.value();
    }
}
