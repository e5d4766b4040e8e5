package org.imsfhir.routes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.time.Duration;

/**
 * A small HTTP client for tests: post and get, answers with status and JSON body. Sends the given
 * Authorization header (HTTP Basic of the local operator, a bearer token) or none.
 */
public final class Http {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient client;
    private final String base;
    private final String authorization;

    /** Without credentials (every API endpoint answers 401). */
    public Http(String base) {
        this(base, null, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    private Http(String base, String authorization, HttpClient client) {
        this.base = base;
        this.authorization = authorization;
        this.client = client;
    }

    /** As the local operator, its password read from the credential file the service made. */
    public static Http operator(String base, Path credentialFile) {
        try {
            String password = Files.readString(credentialFile).trim();
            String basic = Base64.getEncoder().encodeToString(("operator:" + password).getBytes(StandardCharsets.UTF_8));
            return new Http(base, "Basic " + basic, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** With a bearer token. */
    public static Http bearer(String base, String token) {
        return new Http(base, "Bearer " + token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** Over a given client (e.g. one presenting a client certificate), without an Authorization header. */
    public static Http over(String base, HttpClient client) {
        return new Http(base, null, client);
    }

    public record Answer(int status, String body, String contentType, java.net.http.HttpHeaders headers) {

        /** The first value of a response header, or null. */
        public String header(String name) {
            return headers == null ? null : headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Answer post(String path, String contentType, String body) {
        return send(request(path).timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    public Answer post(String path, String contentType, byte[] body) {
        return send(request(path).timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    public Answer get(String path) {
        return send(request(path).timeout(Duration.ofMinutes(1)).GET().build());
    }

    /** Any method without a body (the endpoint enumeration test). */
    public Answer send(String method, String path) {
        return send(request(path).timeout(Duration.ofMinutes(1)).method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        return authorization == null ? b : b.header("Authorization", authorization);
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(),
                    response.headers().firstValue("Content-Type").orElse(""), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
