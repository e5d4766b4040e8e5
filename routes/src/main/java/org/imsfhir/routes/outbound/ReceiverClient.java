package org.imsfhir.routes.outbound;

import java.net.http.HttpRequest;
import java.time.Duration;
import org.imsfhir.routes.delivery.SendResult;

/**
 * The HTTP client every sender uses to reach its receiver (EHR, insurer, registry): one per
 * destination, made by {@link ReceiverClients}. It authenticates each request (static header, OAuth2
 * client credentials or SMART Backend Services token), sends it over the destination's TLS set-up
 * within its timeouts, reads at most the size cap of the answer, and judges any answer that is not
 * 2xx ({@link AnswerVerdicts}). A 401 to a token drops that token, fetches a new one and sends once
 * more before it counts. The sender keeps only what is its own: what it sends and how it reads a 2xx.
 */
public final class ReceiverClient {

    private final String name;
    private final Transport transport;
    private final Authenticator authenticator;
    private final AnswerVerdicts verdicts;
    private final Duration longestAttempt;

    ReceiverClient(String name, Transport transport, Authenticator authenticator, AnswerVerdicts verdicts,
                   Duration longestAttempt) {
        this.name = name;
        this.transport = transport;
        this.authenticator = authenticator;
        this.verdicts = verdicts;
        this.longestAttempt = longestAttempt;
    }

    /**
     * The longest one exchange may take when every step waits out its timeouts: the request (connect
     * and read timeout, plus the second {@link Transport} gives the body), and a token request before
     * it when the destination uses tokens (and the SMART discovery, when the token endpoint is not
     * configured). The delivery lease must outlast it.
     */
    public Duration longestAttempt() {
        return longestAttempt;
    }

    public String name() {
        return name;
    }

    /**
     * Sends the request (its body publisher must allow a second send, as the JDK's string, byte and
     * file publishers do).
     *
     * @param conflictIsTransient whether this receiver's 409 means "try again" (a FHIR server's
     *                            concurrent write); otherwise a 409 is retried only with a Retry-After
     */
    public ReceiverAnswer exchange(HttpRequest.Builder request, boolean conflictIsTransient) {
        String authorization;
        try {
            authorization = authenticator.authorization();
        } catch (TokenFailure e) {
            return ReceiverAnswer.failed(SendResult.retry(null, null, e.getMessage(), null));
        }
        Transport.Reply reply;
        try {
            reply = send(request, authorization);
            if (reply.status() == 401 && authorization != null && authenticator.rejected(authorization)) {
                authorization = authenticator.authorization();
                reply = send(request, authorization);
            }
        } catch (Transport.Failure e) {
            return ReceiverAnswer.failed(SendResult.retry(null, null, e.getMessage(), null));
        } catch (TokenFailure e) {
            return ReceiverAnswer.failed(SendResult.retry(401, null, "HTTP 401, and then " + e.getMessage(), null));
        }
        if (reply.truncated()) {
            return ReceiverAnswer.failed(SendResult.retry(reply.status(), null, "HTTP " + reply.status()
                    + ": the answer is larger than " + transport.maxBytes() + " bytes (ims.outbound.max-response-size)", null));
        }
        if (reply.status() >= 200 && reply.status() < 300) {
            return ReceiverAnswer.ok(reply.status(), reply.body(), reply.headers());
        }
        return ReceiverAnswer.failed(verdicts.judge(reply.status(), reply.body(),
                reply.headers().firstValue("Retry-After"), conflictIsTransient));
    }

    private Transport.Reply send(HttpRequest.Builder request, String authorization) throws Transport.Failure {
        if (authorization != null) {
            request.setHeader("Authorization", authorization);
        }
        return transport.send(request);
    }

    @Override
    public String toString() {
        return "ReceiverClient[" + name + "]";
    }
}
