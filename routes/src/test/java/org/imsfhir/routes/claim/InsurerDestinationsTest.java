package org.imsfhir.routes.claim;

import org.imsfhir.routes.support.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import javax.sql.DataSource;
import org.imsfhir.adapter.claim.CountingRule;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.read.RecordResult;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.store.MessageStatus;
import org.imsfhir.routes.store.StoredMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A VALID session billed to a payer without insurer configuration: no insurer delivery, but a kept
 * reason (claim row {@code (no insurer)}, outcome not-billable, error on {@code billing.payerId})
 * shown by the status view and counted; removed by a later record of the session with a known payer.
 */
class InsurerDestinationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T14:00:00Z"), ZoneOffset.UTC);
    private static final String SAMPLE = "/samples/valid/valid-05-shoulder-us-cpt-20561.json";

    private ClaimStore claims;
    private SimpleMeterRegistry metrics;
    private InsurerDestinations destinations;

    @BeforeEach
    void setUp() {
        DataSource dataSource = TestDatabases.h2("insurers");
        claims = new ClaimStore(dataSource, new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource), CLOCK);
        metrics = new SimpleMeterRegistry();
        destinations = new InsurerDestinations(Map.of("acme", insurer("ACME-HEALTH")), Map.of(), claims, metrics);
    }

    private static ClaimsProperties.Insurer insurer(String payerId) {
        return new ClaimsProperties.Insurer(payerId, "ACME", "http://insurer.invalid/fhir", null, "cpt", "USD",
                CountingRule.DISTINCT_MUSCLE, null, null, Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(60), new ImsProperties.Retry(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1),
                        Duration.ofMinutes(5)));
    }

    /** The sample session (billed to ACME-HEALTH) with another payer id. */
    private static ImsSession session(String payerId) {
        return session(payerId, "completed");
    }

    private static ImsSession session(String payerId, String status) {
        try (InputStream in = InsurerDestinationsTest.class.getResourceAsStream(SAMPLE)) {
            ObjectNode json = (ObjectNode) JSON.readTree(in);
            ((ObjectNode) json.get("billing")).put("payerId", payerId);
            json.put("status", status);
            RecordResult r = ImsRecordReader.standard().readRecord(json.toString());
            assertThat(r.ok()).as(String.valueOf(r.errors())).isTrue();
            return r.session();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(ImsSession s) {
        return s.source().system() + "|" + s.sessionId();
    }

    private static StoredMessage message(long id, String sessionKey) {
        return new StoredMessage(id, 1, 0, sessionKey, "application/json", "{}", MessageStatus.VALID, null, null, null, null, "public-" + id);
    }

    private double counted() {
        return metrics.get(InsurerDestinations.UNKNOWN_PAYER_METRIC).counter().count();
    }

    @Test
    void unknownPayerGetsNoDeliveryButAKeptReasonOnBillingPayerId() throws Exception {
        ImsSession s = session("NOBODY-HEALTH");
        assertThat(destinations.wants("acme", s)).isFalse(); // no insurer delivery

        destinations.accepted(7, key(s), s);

        assertThat(claims.ofSession(key(s))).singleElement().satisfies(c -> {
            assertThat(c.destination()).isEqualTo(StoredClaim.NO_INSURER);
            assertThat(c.outcome()).isEqualTo(StoredClaim.NOT_BILLABLE);
            assertThat(c.payerId()).isEqualTo("NOBODY-HEALTH");
            assertThat(c.messageId()).isEqualTo(7);
        });
        assertThat(counted()).isEqualTo(1.0);

        // GET /ims/sessions/{id} shows it under claims, with field path and reason.
        java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
        org.imsfhir.routes.api.ApiJson api = new org.imsfhir.routes.api.ApiJson(JSON);
        new ClaimStatusDetails(claims, id -> "public-" + id, api).addTo(details, message(7, key(s)), true);
        JsonNode claim = api.toTree(details).get("claims").get(0);
        assertThat(claim.get("destination").asText()).isEqualTo("(no insurer)");
        assertThat(claim.get("outcome").asText()).isEqualTo("not-billable");
        assertThat(claim.at("/errors/0/path").asText()).isEqualTo("billing.payerId");
        assertThat(claim.at("/errors/0/reason").asText())
                .contains("no insurer configured for payer NOBODY-HEALTH", "ACME-HEALTH");
        assertThat(claim.toString()).doesNotContain(s.billing().memberId());

        // Judged again after a crash (same message): still one row, idempotent.
        destinations.accepted(7, key(s), s);
        assertThat(claims.ofSession(key(s))).hasSize(1);
        assertThat(counted()).isEqualTo(1.0);
    }

    @Test
    void aLaterRecordBilledToAConfiguredPayerRemovesTheReasonAnEarlierOneDoesNot() {
        ImsSession unknown = session("NOBODY-HEALTH");
        ImsSession known = session("ACME-HEALTH");
        destinations.accepted(10, key(unknown), unknown);
        destinations.accepted(9, key(known), known); // an earlier version judged late: the later verdict stands
        assertThat(claims.ofSession(key(unknown))).hasSize(1);

        destinations.accepted(11, key(known), known); // corrected: billed to ACME, which gets its delivery
        assertThat(destinations.wants("acme", known)).isTrue();
        assertThat(claims.ofSession(key(known))).isEmpty();
    }

    @Test
    void knownPayerNoBillingOrNoInsurersConfiguredKeepNothing() {
        ImsSession known = session("ACME-HEALTH");
        destinations.accepted(1, key(known), known);
        assertThat(claims.ofSession(key(known))).isEmpty();

        ImsSession unknown = session("NOBODY-HEALTH");
        InsurerDestinations noClaims = new InsurerDestinations(Map.of(), Map.of(), claims, metrics);
        noClaims.accepted(2, key(unknown), unknown); // claims off: billing is ignored
        assertThat(claims.ofSession(key(unknown))).isEmpty();
        assertThat(counted()).isZero();
    }

    @Test
    void anEnteredInErrorSessionBilledToAConfiguredPayerGetsAnInsurerDelivery() {
        // The delivery that cancels a claim submitted earlier goes out in order after it (the outbox
        // keeps per-session order per destination); the sender decides whether anything is sent.
        assertThat(destinations.wants("acme", session("ACME-HEALTH", "entered-in-error"))).isTrue();
        assertThat(destinations.wants("acme", session("NOBODY-HEALTH", "entered-in-error"))).isFalse();
    }
}
