package org.imsfhir.routes.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Talks to an OAuth2 authorization server for one destination: POSTs a client_credentials token
 * request (RFC 6749 4.4) and reads the answer, and reads a SMART configuration document to find the
 * token endpoint. A refusal ({@code error} in a 4xx answer) becomes a {@link TokenFailure} naming the
 * error code and description; the request's secret or assertion never appears in it.
 */
final class TokenEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Assumed life of a token whose answer has no expires_in (SMART requires it; a 401 still refreshes). */
    private static final Duration DEFAULT_LIFE = Duration.ofSeconds(60);

    private final Transport transport;
    private final Clock clock;
    private final Duration refreshBefore;

    TokenEndpoint(Transport transport, Clock clock, Duration refreshBefore) {
        this.transport = transport;
        this.clock = clock;
        this.refreshBefore = refreshBefore;
    }

    /** POSTs {@code form} (and an HTTP Basic header when {@code basic} is not null) and returns the token. */
    AccessToken request(URI endpoint, Map<String, String> form, String basic) throws TokenFailure {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"))));
        if (basic != null) {
            request.header("Authorization", basic);
        }
        Instant asked = clock.instant();
        Transport.Reply reply = exchange(request, "token endpoint");
        JsonNode json = parse(reply.body());
        int status = reply.status();
        if (status == 200 && json != null && json.path("access_token").isTextual()
                && "bearer".equalsIgnoreCase(json.path("token_type").asText("bearer"))) {
            Duration life = json.path("expires_in").canConvertToLong() && json.path("expires_in").asLong() > 0
                    ? Duration.ofSeconds(json.path("expires_in").asLong()) : DEFAULT_LIFE;
            // Stop using a token shortly before it expires: refresh-before, but never more than a fifth of its life.
            Duration margin = refreshBefore.compareTo(life.dividedBy(5)) < 0 ? refreshBefore : life.dividedBy(5);
            return new AccessToken(json.path("access_token").asText(), asked.plus(life).minus(margin));
        }
        String error = json == null ? null : text(json.path("error").asText(null));
        if (error != null && status >= 400 && status < 500 && status != 408 && status != 429) {
            String description = text(json.path("error_description").asText(null));
            throw new TokenFailure("token endpoint refused the adapter: HTTP " + status + " " + error
                    + (description == null ? "" : " (" + description + ")"), true);
        }
        throw new TokenFailure("token endpoint answered HTTP " + status + (status == 200 ? " without a bearer token" : ""), false);
    }

    /** {@code token_endpoint} of {@code [base]/.well-known/smart-configuration}. */
    URI discover(URI base) throws TokenFailure {
        String b = base.toString();
        URI where = URI.create((b.endsWith("/") ? b : b + "/") + ".well-known/smart-configuration");
        Transport.Reply reply = exchange(HttpRequest.newBuilder(where).header("Accept", "application/json").GET(), "SMART configuration");
        JsonNode json = parse(reply.body());
        if (reply.status() != 200 || json == null || !json.path("token_endpoint").isTextual()) {
            throw new TokenFailure("SMART configuration at " + where + " answered HTTP " + reply.status()
                    + " without a token_endpoint", false);
        }
        try {
            return URI.create(json.path("token_endpoint").asText());
        } catch (IllegalArgumentException e) {
            throw new TokenFailure("SMART configuration at " + where + " names no usable token_endpoint", false);
        }
    }

    private Transport.Reply exchange(HttpRequest.Builder request, String what) throws TokenFailure {
        try {
            Transport.Reply reply = transport.send(request);
            if (reply.truncated()) {
                throw new TokenFailure(what + " answered more than " + transport.maxBytes() + " bytes", false);
            }
            return reply;
        } catch (Transport.Failure e) {
            throw new TokenFailure(what + " unreachable: " + e.getMessage(), false);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** A server's text, kept short and on one line. */
    private static String text(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String one = s.replaceAll("[\\p{Cntrl}]+", " ").trim();
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
