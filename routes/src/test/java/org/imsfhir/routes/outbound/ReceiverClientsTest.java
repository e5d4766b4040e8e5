package org.imsfhir.routes.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** Start-up checks of a destination's transport and authentication: what cannot work stops the start, naming the property. */
class ReceiverClientsTest {

    private final ReceiverClients receivers = OutboundTestSupport.receivers(Clock.systemUTC(), AdapterKeys.none(), DataSize.ofMegabytes(1));

    private ReceiverClient create(String url, OutboundAuth auth, OutboundTls tls) {
        return receivers.create(new ReceiverClients.Spec("ehr", "ims.delivery.destinations.ehr", "base-url", URI.create(url), auth,
                null, tls, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void plainHttpIsForLoopbackOnlyUnlessTheDestinationAllowsIt() {
        for (String ok : new String[] {"https://ehr.example/fhir", "http://localhost:8080/fhir", "http://127.0.0.1/fhir",
                "http://127.9.9.9/fhir", "http://[::1]:8080/fhir", "http://fhir.localhost/fhir"}) {
            assertThatCode(() -> create(ok, null, null)).as(ok).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> create("http://ehr.example/fhir", null, null))
                .hasMessageStartingWith("ims.delivery.destinations.ehr.base-url: http://ehr.example/fhir is plain http to another machine");
        assertThatThrownBy(() -> create("http://10.0.0.5/fhir", null, null)).hasMessageContaining("plain http");
        assertThatCode(() -> create("http://ehr.internal/fhir", null, new OutboundTls(null, true))).doesNotThrowAnyException();
        assertThatThrownBy(() -> create("https://user:pw@ehr.example/fhir", null, null)).hasMessageContaining("credentials in the URL")
                .hasMessageNotContaining("pw@");
        assertThatThrownBy(() -> create("ftp://ehr.example/fhir", null, null)).hasMessageContaining("not an http(s) URL");
    }

    @Test
    void theTokenEndpointFollowsTheSameRule() {
        OutboundAuth plain = OutboundTestSupport.clientCredentials(URI.create("http://auth.example/token"), "c", "s",
                OutboundAuth.ClientAuthMethod.BASIC, null);
        assertThatThrownBy(() -> create("https://insurer.example/fhir", plain, null))
                .hasMessageStartingWith("ims.delivery.destinations.ehr.auth.token-endpoint: http://auth.example/token is plain http");
    }

    @Test
    void eachKindOfAuthenticationNeedsItsSettings(@TempDir Path dir) {
        assertThatThrownBy(() -> create("https://e.example", OutboundTestSupport.header(" "), null))
                .hasMessage("ims.delivery.destinations.ehr.auth.header is required");
        assertThatThrownBy(() -> create("https://e.example", OutboundTestSupport.clientCredentials(null, "c", "s",
                OutboundAuth.ClientAuthMethod.BASIC, null), null)).hasMessage("ims.delivery.destinations.ehr.auth.token-endpoint is required");
        assertThatThrownBy(() -> create("https://e.example", OutboundTestSupport.clientCredentials(URI.create("https://a.example/t"),
                "c", null, OutboundAuth.ClientAuthMethod.BASIC, null), null))
                .hasMessage("ims.delivery.destinations.ehr.auth: client-credentials needs client-secret or client-secret-file");
        OutboundAuth secretFile = new OutboundAuth(OutboundAuth.Type.CLIENT_CREDENTIALS, null, URI.create("https://a.example/t"), "c",
                null, dir.resolve("missing-secret"), null, null, null, null, null, null);
        assertThatThrownBy(() -> create("https://e.example", secretFile, null))
                .hasMessageStartingWith("ims.delivery.destinations.ehr.auth.client-secret-file: cannot read");
        assertThatThrownBy(() -> create("https://e.example", OutboundTestSupport.smartBackend(null, "c", null), null))
                .hasMessageContaining("smart-backend needs a signing key");
        ReceiverClients withKeys = OutboundTestSupport.receivers(Clock.systemUTC(), OutboundTestSupport.keys(dir, "r", "e"),
                DataSize.ofMegabytes(1));
        OutboundAuth tooLong = new OutboundAuth(OutboundAuth.Type.SMART_BACKEND, null, null, "c", null, null, null, null, null, null,
                Duration.ofMinutes(6), null);
        assertThatThrownBy(() -> withKeys.create(new ReceiverClients.Spec("ehr", "ims.delivery.destinations.ehr", "base-url",
                URI.create("https://e.example"), tooLong, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1))))
                .hasMessageContaining("assertion-lifetime must be more than 0 and at most 5 minutes");
        assertThatThrownBy(() -> create("https://e.example", null, new OutboundTls("no-such-bundle", false)))
                .hasMessageStartingWith("ims.delivery.destinations.ehr.tls.bundle: there is no SSL bundle 'no-such-bundle'");
    }

    @Test
    void theOlderAuthHeaderIsAShorthandForAHeaderAuthAndNoneMeansNone() {
        assertThat(OutboundAuth.NONE.effectiveType(null)).isEqualTo(OutboundAuth.Type.NONE);
        assertThat(OutboundAuth.NONE.effectiveType("Bearer x")).isEqualTo(OutboundAuth.Type.HEADER);
        assertThat(OutboundAuth.NONE.effectiveHeader("Bearer x ")).isEqualTo("Bearer x");
        assertThat(OutboundTestSupport.header("Bearer y").toString()).doesNotContain("Bearer y");
    }

    @Test
    void theLongestAttemptCountsEveryExchangeAtItsTimeoutsTheDeliveryLeaseMustOutlast() {
        // 1 s connect + 1 s read + 1 s for the body, per exchange.
        assertThat(create("https://e.example", null, null).longestAttempt()).isEqualTo(Duration.ofSeconds(3));
        assertThat(create("https://e.example", OutboundTestSupport.clientCredentials(URI.create("https://a.example/t"), "c", "s",
                OutboundAuth.ClientAuthMethod.BASIC, null), null).longestAttempt()).as("plus the token request").isEqualTo(Duration.ofSeconds(6));
    }
}
