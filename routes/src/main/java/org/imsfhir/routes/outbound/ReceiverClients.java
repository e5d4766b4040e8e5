package org.imsfhir.routes.outbound;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

/**
 * Makes the {@link ReceiverClient} of each destination from its configuration, and checks that
 * configuration at start-up: https unless the receiver is on loopback or the destination allows
 * plain http, an SSL bundle that exists, and what each kind of authentication needs. A destination
 * that cannot work stops the start with the property's name and the reason; secrets are never shown.
 */
public final class ReceiverClients {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverClients.class);
    /** Counter of token requests by destination and outcome (issued, refused, failed). */
    public static final String TOKEN_METRIC = "ims.outbound.token.requests";

    private final OutboundProperties properties;
    private final AdapterKeys keys;
    private final SslBundles bundles;
    private final AnswerVerdicts verdicts;
    private final Clock clock;
    private final MeterRegistry metrics;

    /** @param metrics where token request counts go (null: not counted) */
    public ReceiverClients(OutboundProperties properties, AdapterKeys keys, SslBundles bundles, FhirContext fhir, Clock clock,
                           MeterRegistry metrics) {
        this.properties = properties;
        this.keys = keys;
        this.bundles = bundles;
        this.verdicts = new AnswerVerdicts(fhir, clock);
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * How one destination reaches its receiver.
     *
     * @param name         the destination's name (logs, metrics)
     * @param property     its configuration prefix, e.g. {@code ims.delivery.destinations.ehr} (error messages)
     * @param urlKey       the name of its URL property under that prefix ({@code base-url}, {@code push-url})
     * @param base         the receiver's base URL
     * @param legacyHeader the older {@code auth-header} property, kept as a shorthand for {@code auth.type: header}
     */
    public record Spec(String name, String property, String urlKey, URI base, OutboundAuth auth, String legacyHeader, OutboundTls tls,
                       Duration connectTimeout, Duration readTimeout) {
        public Spec {
            auth = auth == null ? OutboundAuth.NONE : auth;
            tls = tls == null ? OutboundTls.DEFAULT : tls;
        }
    }

    public ReceiverClient create(Spec spec) {
        checkTransport(spec.base(), spec.tls(), spec.property() + "." + spec.urlKey());
        Transport transport = new Transport(httpClient(spec), spec.readTimeout(), properties.maxResponseSize().toBytes());
        OutboundAuth auth = spec.auth();
        String where = spec.property() + ".auth";
        OutboundAuth.Type type = auth.effectiveType(spec.legacyHeader());
        Authenticator authenticator = switch (type) {
            case NONE -> Authenticator.NONE;
            case HEADER -> Authenticator.header(require(auth.effectiveHeader(spec.legacyHeader()), where + ".header"));
            case CLIENT_CREDENTIALS -> tokens(spec, new ClientSecretGrant(tokenEndpoint(spec, transport),
                    require(auth.tokenEndpoint(), where + ".token-endpoint", spec.tls()), require(auth.clientId(), where + ".client-id"),
                    secret(auth, where), auth.clientAuthMethod(), auth.scope()));
            case SMART_BACKEND -> tokens(spec, smartBackend(spec, transport, where));
        };
        LOG.info("Destination {}: {} {}auth {}{}", spec.name(), spec.base(), spec.tls().hasBundle()
                        ? "over TLS bundle " + spec.tls().bundle() + ", " : "", type.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                type == OutboundAuth.Type.NONE || type == OutboundAuth.Type.HEADER ? "" : " as client " + auth.clientId());
        return new ReceiverClient(spec.name(), transport, authenticator, verdicts, longestAttempt(spec, type));
    }

    /** See {@link ReceiverClient#longestAttempt()}: every HTTP exchange of one attempt at its timeouts. */
    static Duration longestAttempt(Spec spec, OutboundAuth.Type type) {
        int exchanges = switch (type) {
            case NONE, HEADER -> 1;
            case CLIENT_CREDENTIALS -> 2;
            case SMART_BACKEND -> spec.auth().tokenEndpoint() == null ? 3 : 2;
        };
        return spec.connectTimeout().plus(spec.readTimeout()).plus(Transport.BODY_GRACE).multipliedBy(exchanges);
    }

    private SmartBackendGrant smartBackend(Spec spec, Transport transport, String where) {
        OutboundAuth auth = spec.auth();
        Duration life = auth.assertionLifetime();
        if (life.isNegative() || life.isZero() || life.compareTo(OutboundAuth.MAX_ASSERTION_LIFETIME) > 0) {
            throw new IllegalStateException(where + ".assertion-lifetime must be more than 0 and at most 5 minutes (SMART Backend Services)");
        }
        if (auth.tokenEndpoint() != null) {
            checkTransport(auth.tokenEndpoint(), spec.tls(), where + ".token-endpoint");
        }
        ClientAssertions assertions = new ClientAssertions(require(auth.clientId(), where + ".client-id"),
                keys.signingKey(auth.keyId(), where), auth.jku(), life, clock);
        return new SmartBackendGrant(tokenEndpoint(spec, transport), spec.base(), auth.tokenEndpoint(), assertions, auth.scope(),
                uri -> checkTransport(uri, spec.tls(), where + " (discovered token endpoint)"));
    }

    private TokenEndpoint tokenEndpoint(Spec spec, Transport transport) {
        return new TokenEndpoint(transport, clock, spec.auth().refreshBefore());
    }

    private AccessTokens tokens(Spec spec, TokenGrant grant) {
        return new AccessTokens(spec.name(), grant, clock, outcomeCounter(spec.name()));
    }

    private Consumer<String> outcomeCounter(String destination) {
        if (metrics == null) {
            return outcome -> { };
        }
        return outcome -> Counter.builder(TOKEN_METRIC).tag("destination", destination).tag("outcome", outcome)
                .description("Token requests to the destination's authorization server").register(metrics).increment();
    }

    private HttpClient httpClient(Spec spec) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(spec.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (spec.tls().hasBundle()) {
            SslBundle bundle;
            try {
                bundle = bundles.getBundle(spec.tls().bundle());
            } catch (NoSuchSslBundleException e) {
                throw new IllegalStateException(spec.property() + ".tls.bundle: there is no SSL bundle '" + spec.tls().bundle()
                        + "' (spring.ssl.bundle.pem." + spec.tls().bundle() + " or spring.ssl.bundle.jks." + spec.tls().bundle() + ")");
            }
            builder.sslContext(bundle.createSslContext());
            SslOptions options = bundle.getOptions();
            if (options != null && (options.getCiphers() != null || options.getEnabledProtocols() != null)) {
                builder.sslParameters(new SSLParameters(options.getCiphers(), options.getEnabledProtocols()));
            }
        }
        return builder.build();
    }

    /** https, or http to loopback, or http where the destination allows it (with a warning). */
    static void checkTransport(URI uri, OutboundTls tls, String property) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalStateException(property + ": " + uri + " is not an http(s) URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalStateException(property + ": credentials in the URL are not allowed; use the auth block");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            if (!tls.allowInsecureHttp()) {
                throw new IllegalStateException(property + ": " + uri + " is plain http to another machine; use https,"
                        + " or set tls.allow-insecure-http: true where the network itself is trusted");
            }
            LOG.warn("{}: plain http to {} (tls.allow-insecure-http): credentials and patient data cross the network unencrypted",
                    property, uri.getHost());
        }
    }

    /** Loopback by name or address, decided without DNS. */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    private static String secret(OutboundAuth auth, String where) {
        if (OutboundAuth.present(auth.clientSecret())) {
            return auth.clientSecret().trim();
        }
        if (auth.clientSecretFile() != null) {
            try {
                String secret = Files.readString(auth.clientSecretFile(), StandardCharsets.UTF_8).trim();
                if (!secret.isEmpty()) {
                    return secret;
                }
            } catch (IOException e) {
                throw new IllegalStateException(where + ".client-secret-file: cannot read " + auth.clientSecretFile()
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new IllegalStateException(where + ": client-credentials needs client-secret or client-secret-file");
    }

    private static String require(String value, String property) {
        if (!OutboundAuth.present(value)) {
            throw new IllegalStateException(property + " is required");
        }
        return value.trim();
    }

    private static URI require(URI value, String property, OutboundTls tls) {
        if (value == null) {
            throw new IllegalStateException(property + " is required");
        }
        checkTransport(value, tls, property);
        return value;
    }
}
