package org.imsfhir.routes.outbound;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * One HTTP exchange with a receiver or its authorization server: the whole exchange (answer and body)
 * within the read timeout, the body read up to the size cap, and every network or TLS trouble turned
 * into a plain reason for the delivery's status (with a hint where the cause is the TLS set-up).
 */
final class Transport {

    /** An answer as read: status, body text (at most the cap), whether it was cut, headers. */
    record Reply(int status, String body, boolean truncated, HttpHeaders headers) {
    }

    /** No answer: the reason, e.g. {@code timeout after 60 s} or {@code network error: ConnectException}. */
    static final class Failure extends Exception {
        Failure(String reason) {
            super(reason, null, false, false);
        }
    }

    private final HttpClient http;
    /** How long after the read timeout the rest of an answer's body may still arrive. */
    static final Duration BODY_GRACE = Duration.ofSeconds(1);

    private final Duration readTimeout;
    private final long maxBytes;

    Transport(HttpClient http, Duration readTimeout, long maxBytes) {
        this.http = http;
        this.readTimeout = readTimeout;
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    Reply send(HttpRequest.Builder request) throws Failure {
        HttpRequest built = request.timeout(readTimeout).build();
        CompletableFuture<HttpResponse<CappedBody.Body>> answer = http.sendAsync(built, CappedBody.handler(maxBytes));
        try {
            // The request timeout covers the wait for the headers; this bounds the body too.
            HttpResponse<CappedBody.Body> response = answer.get(readTimeout.plus(BODY_GRACE).toMillis(), TimeUnit.MILLISECONDS);
            CappedBody.Body body = response.body();
            return new Reply(response.statusCode(), body.text(), body.truncated(), response.headers());
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new Failure("timeout: no complete answer within " + readTimeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        } catch (ExecutionException e) {
            throw new Failure(reason(e.getCause(), "https".equalsIgnoreCase(built.uri().getScheme())));
        }
    }

    /** A reason naming the kind of trouble; exception texts of the JDK name hosts and TLS alerts, never payloads. */
    static String reason(Throwable cause, boolean https) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof SSLException)) {
            root = root.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "network error: connect timeout";
        }
        if (cause instanceof HttpTimeoutException) {
            return "timeout: " + cause.getMessage();
        }
        if (root instanceof SSLException ssl) {
            return tls(ssl);
        }
        if (root instanceof ConnectException) {
            return "network error: connection refused (" + root.getClass().getSimpleName() + ")";
        }
        if (root instanceof IOException) {
            String reason = "network error: " + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
            // With TLS 1.3 a receiver checks the client certificate after the client's side of the handshake is
            // done: a refusal then reaches the sender only as a closed connection, not as a TLS alert.
            return https && closedByPeer(root) ? reason + " (" + CLOSED_AFTER_HANDSHAKE + ")" : reason;
        }
        return "network error: " + root.getClass().getSimpleName();
    }

    static final String CLOSED_AFTER_HANDSHAKE = "the receiver closed the TLS connection; one that requires a client"
            + " certificate does so when it refuses the adapter's (none sent, or from a CA it does not trust):"
            + " check the key store of the destination's tls.bundle";

    private static boolean closedByPeer(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.contains("Broken pipe") || m.contains("Connection reset") || m.contains("received no bytes")
                || m.contains("closed") || e instanceof java.io.EOFException;
    }

    private static String tls(SSLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String hint;
        if (message.contains("PKIX") || message.contains("certification path") || message.contains("No subject alternative")
                || message.contains("No name matching")) {
            hint = "the receiver's certificate is not trusted or does not name the host: check the trust store of the destination's tls.bundle";
        } else if (message.contains("bad_certificate") || message.contains("certificate_required")
                || message.contains("unknown_ca") || message.contains("certificate_unknown")) {
            hint = "the receiver refused the adapter's client certificate (none sent, or from a CA it does not trust):"
                    + " check the key store of the destination's tls.bundle";
        } else {
            hint = "check the destination's tls.bundle and the receiver's TLS settings";
        }
        String kind = e instanceof SSLHandshakeException ? "TLS handshake failed" : "TLS failure";
        return kind + ": " + message + " (" + hint + ")";
    }
}
