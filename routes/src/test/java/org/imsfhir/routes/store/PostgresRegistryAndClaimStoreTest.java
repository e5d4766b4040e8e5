package org.imsfhir.routes.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.hl7.fhir.r4.model.Procedure;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.registry.Pseudonymiser;
import org.imsfhir.adapter.registry.RegistryFeedMapper;
import org.imsfhir.adapter.validation.ValidationIssue;
import org.imsfhir.adapter.validation.ValidationReport;
import org.imsfhir.routes.claim.ClaimStore;
import org.imsfhir.routes.claim.StoredClaim;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.registry.BatchRun;
import org.imsfhir.routes.registry.BatchState;
import org.imsfhir.routes.registry.FolderBatchSender;
import org.imsfhir.routes.registry.RegistryBatch;
import org.imsfhir.routes.registry.RegistryBatchService;
import org.imsfhir.routes.registry.RegistryExclusion;
import org.imsfhir.routes.registry.RegistryFeed;
import org.imsfhir.routes.registry.RegistryProperties;
import org.imsfhir.routes.registry.RegistryStore;
import org.imsfhir.routes.support.TestDatabases;
import org.imsfhir.routes.support.TestDatabases.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every PostgreSQL migration (message store, V10 claims, V11 claim cancellation, V20 registry feeds, V21 registry
 * exclusions) applied to a fresh schema of the real PostgreSQL at 127.0.0.1:5432 (as
 * {@link PostgresMessageStoreTest}: fails, never skips, when PostgreSQL is down; own schema, dropped
 * afterwards), and the claim and registry stores' basic operations on it: what the H2 tests show
 * for H2, proven for the PostgreSQL scripts and types (timestamptz, text, numeric, identity, IN lists).
 */
class PostgresRegistryAndClaimStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T14:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DataSource dataSource;
    private static PostgresSchema schema;

    @TempDir
    Path out;

    @BeforeAll
    static void migrate() throws Exception {
        schema = PostgresSchema.create("ims_registry_claims_test");
        dataSource = schema.dataSource();
        assertThat(schema.productName()).isEqualTo("PostgreSQL");
    }

    @AfterAll
    static void dropSchema() throws Exception {
        schema.drop();
    }

    @Test
    void everyMigrationIsAppliedToTheFreshSchema() {
        assertThat(schema.migrated().success).isTrue();
        Set<String> applied = java.util.Arrays.stream(Flyway.configure().dataSource(dataSource).schemas(schema.name())
                        .locations(TestDatabases.MIGRATIONS).load().info().applied())
                .map(MigrationInfo::getVersion).filter(java.util.Objects::nonNull).map(Object::toString)
                .collect(Collectors.toSet());
        assertThat(applied).contains("1", "10", "11", "20", "21");
    }

    @Test
    void claimStoreSavesUpdatesReadsAndDeletesOnPostgres() {
        ClaimStore claims = new ClaimStore(dataSource, new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource), CLOCK);
        String key = "https://pg.example/pms|PG-CLAIM-1";
        claims.save(new StoredClaim(key, "acme", 5, "ACME-HEALTH", "https://pg.example/pms/claim|PG-CLAIM-1",
                "http://www.ama-assn.org/go/cpt|20561", null, "queued", "Queued", new BigDecimal("95.00"), null, null,
                "USD", null, null, 0, null, null));
        claims.save(new StoredClaim(key, "acme", 5, "ACME-HEALTH", "https://pg.example/pms/claim|PG-CLAIM-1",
                "http://www.ama-assn.org/go/cpt|20561", "cr-1", "complete", "Approved", new BigDecimal("95.00"),
                new BigDecimal("76.00"), new BigDecimal("76.00"), "USD", "[]", "{\"resourceType\":\"ClaimResponse\"}", 2,
                null, null));
        claims.save(new StoredClaim(key, StoredClaim.NO_INSURER, 4, "NOBODY", null, null, null, StoredClaim.NOT_BILLABLE,
                "Not billed", null, null, null, null, "[{\"path\":\"billing.payerId\",\"reason\":\"x\"}]", null, 0, null, null));

        StoredClaim c = claims.find(key, "acme").orElseThrow();
        assertThat(c.outcome()).isEqualTo("complete");
        assertThat(c.responseId()).isEqualTo("cr-1");
        assertThat(c.benefitAmount()).isEqualByComparingTo("76.00");
        assertThat(c.polls()).isEqualTo(2);
        assertThat(c.response()).contains("ClaimResponse");
        assertThat(c.createdAt()).isEqualTo(OffsetDateTime.now(CLOCK));
        assertThat(claims.ofSession(key)).extracting(StoredClaim::destination).containsExactly(StoredClaim.NO_INSURER, "acme");

        assertThat(c.cancelOutcome()).isNull();
        assertThat(c.cancelled()).isFalse();

        // The session entered-in-error (message 7): the insurer's answer to the cancellation, beside the adjudication.
        assertThat(claims.saveCancellation(key, "acme", 7, "complete", "Claim cancelled", null,
                "{\"resourceType\":\"ClaimResponse\"}")).isTrue();
        assertThat(claims.saveCancellation(key, "nobody", 7, "complete", "x", null, null)).isFalse(); // no such row
        StoredClaim cancelled = claims.find(key, "acme").orElseThrow();
        assertThat(cancelled.cancelled()).isTrue();
        assertThat(cancelled.cancelMessageId()).isEqualTo(7L);
        assertThat(cancelled.cancelDisposition()).isEqualTo("Claim cancelled");
        assertThat(cancelled.cancelledAt()).isEqualTo(OffsetDateTime.now(CLOCK));
        assertThat(cancelled.outcome()).isEqualTo("complete"); // the adjudication stays
        assertThat(cancelled.benefitAmount()).isEqualByComparingTo("76.00");
        claims.save(new StoredClaim(key, "acme", 5, "ACME-HEALTH", "https://pg.example/pms/claim|PG-CLAIM-1",
                "http://www.ama-assn.org/go/cpt|20561", "cr-1", "complete", "Approved", new BigDecimal("95.00"),
                new BigDecimal("76.00"), new BigDecimal("76.00"), "USD", "[]", "{}", 2, null, null));
        assertThat(claims.find(key, "acme").orElseThrow().cancelled()).isTrue(); // save keeps the cancellation

        assertThat(claims.delete(key, StoredClaim.NO_INSURER, 4)).isFalse(); // not before message 4
        assertThat(claims.delete(key, StoredClaim.NO_INSURER, 6)).isTrue();
        assertThat(claims.ofSession(key)).extracting(StoredClaim::destination).containsExactly("acme");
    }

    @Test
    void registryStoreBatchesConsentAndExclusionsOnPostgres() {
        RegistryStore store = new RegistryStore(dataSource, CLOCK);
        String registry = "pg-store-" + System.nanoTime() % 100000;
        IntakeStore messages = org.imsfhir.routes.support.TestStores.on(dataSource, CLOCK).intake();
        long intake = messages.saveIntake(Channel.REST, null, "application/json", "[]");
        List<Long> ids = messages.addReceived(intake, List.of(new NewRecord(0, "k|PG-1", "application/json", "{}"),
                new NewRecord(1, "k|PG-2", "application/json", "{}"), new NewRecord(2, "k|PG-1", "application/json", "{}")));
        ids.forEach(id -> messages.accept(id, null, "{}", List.of()));

        assertThat(store.validRecords(ids.get(0) - 1, ids.get(2), 100)).extracting(RegistryStore.ValidRecord::sessionKey)
                .containsExactly("k|PG-1", "k|PG-2", "k|PG-1");
        assertThat(store.validRecord(ids.get(1))).isPresent();
        assertThat(store.laterRecordOfSession("k|PG-1", ids.get(0), ids.get(2))).isTrue();
        assertThat(store.laterRecordOfSession("k|PG-2", ids.get(1), ids.get(2))).isFalse();
        assertThat(store.cutOff()).isGreaterThanOrEqualTo(ids.get(2));

        store.recordConsent("sys", "P-1", true, ids.get(0));
        assertThat(store.consents("sys", "P-1")).isTrue();
        store.recordConsent("sys", "P-1", false, ids.get(1));
        store.recordConsent("sys", "P-1", true, ids.get(2));
        assertThat(store.consents("sys", "P-1")).isFalse(); // withdrawal is sticky

        String first = registry + "-a";
        RegistryBatch b = store.insert(registry, first, 0, ids.get(1), 1, 12, out.resolve(first), "test",
                OffsetDateTime.now(CLOCK), false, new RegistryStore.ExclusionChanges(
                        List.of(new RegistryStore.Excluded(ids.get(0), "k|PG-1", "Procedure fails", "{\"resourceType\":\"OperationOutcome\"}")),
                        List.of(), List.of(), List.of()));
        assertThat(b.state()).isEqualTo(BatchState.WRITTEN);
        assertThat(b.transactionTime()).isEqualTo(OffsetDateTime.now(CLOCK));
        assertThat(store.open(registry)).map(RegistryBatch::batchId).contains(first);
        store.markDelivered(b.id());
        assertThat(store.batch(registry, first).orElseThrow().state()).isEqualTo(BatchState.DELIVERED);
        assertThat(store.watermark(registry)).isEqualTo(ids.get(1));

        assertThat(store.openExclusions(registry)).singleElement().satisfies(e -> {
            assertThat(e.messageId()).isEqualTo(ids.get(0));
            assertThat(e.outcome()).contains("OperationOutcome");
            assertThat(e.createdAt()).isEqualTo(OffsetDateTime.now(CLOCK));
        });
        String second = registry + "-b";
        store.insert(registry, second, ids.get(1), ids.get(2), 1, 12, out.resolve(second), "test",
                OffsetDateTime.now(CLOCK), false, new RegistryStore.ExclusionChanges(List.of(), List.of(),
                        List.of(ids.get(0)), List.of()));
        assertThat(store.openExclusions(registry)).isEmpty();
        assertThat(store.exclusionsOfBatches(registry, List.of(first, second))).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(RegistryExclusion.State.SUPERSEDED);
            assertThat(e.batchId()).isEqualTo(first);
            assertThat(e.resolvedBatchId()).isEqualTo(second);
            assertThat(e.attempts()).isEqualTo(2);
        });
        assertThat(store.exclusionsOfMessage(ids.get(0))).hasSize(1);
        assertThat(store.exclusions(registry, RegistryExclusion.State.SUPERSEDED, 10)).hasSize(1);
        assertThat(store.exclusions(registry, null, 10)).hasSize(1);
        assertThat(store.batches(registry, 10)).extracting(RegistryBatch::batchId).containsExactly(second, first);
    }

    @Test
    void aRegistryBatchWithAnExcludedSessionRunsOnPostgres() throws Exception {
        ObjectNode record;
        try (InputStream in = getClass().getResourceAsStream("/samples/valid/valid-01-lumbar-radiculopathy.json")) {
            record = (ObjectNode) JSON.readTree(in);
        }
        record.put("sessionId", "PG-BATCH-" + System.nanoTime());
        ((ObjectNode) record.get("patient")).put("registryConsent", true);
        String sessionId = record.get("sessionId").asText();
        IntakeStore messages = org.imsfhir.routes.support.TestStores.on(dataSource, CLOCK).intake();
        long intake = messages.saveIntake(Channel.REST, null, "application/json", record.toString());
        long id = messages.addReceived(intake, List.of(new NewRecord(0,
                record.at("/source/system").asText() + "|" + sessionId, "application/json", record.toString()))).get(0);
        messages.accept(id, null, "{}", List.of());

        RegistryStore store = new RegistryStore(dataSource, CLOCK);
        String registry = "pg-run-" + System.nanoTime() % 100000;
        RegistryProperties.Feed config = new RegistryProperties.Feed(true, "0 0 2 * * *", out.resolve(registry), null, null,
                "pg-test-secret-not-real-0001", Duration.ofSeconds(1), Duration.ofSeconds(1),
                new ImsProperties.Retry(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), Duration.ofMinutes(5)));
        RegistryFeed feed = new RegistryFeed(registry, config, new RegistryFeedMapper(new ImsToFhirConverter(), registry,
                Pseudonymiser.of("pg-test-secret-not-real-0001")), new FolderBatchSender(config.dir()));
        RegistryBatchService.ResourceValidator failsThisProcedure = r -> r instanceof Procedure p
                && sessionId.equals(p.getIdentifierFirstRep().getValue())
                ? new ValidationReport(List.of(new ValidationIssue(ValidationIssue.Severity.ERROR, "Procedure.code",
                        "IMS_TEST", "invalid", null, "test failure")), List.of())
                : new ValidationReport(List.of(), List.of());
        RegistryBatchService service = new RegistryBatchService(store, List.of(feed), failsThisProcedure,
                ImsEngine.builder().build(), CLOCK);

        BatchRun run = service.run(registry, "test");

        assertThat(run.batch()).isNotNull();
        assertThat(store.exclusionsOfMessage(id)).filteredOn(e -> e.registry().equals(registry)).singleElement()
                .satisfies(e -> {
                    assertThat(e.state()).isEqualTo(RegistryExclusion.State.OPEN);
                    assertThat(e.batchId()).isEqualTo(run.batch().batchId());
                    assertThat(JSON.readTree(e.outcome()).at("/issue/0/expression/0").asText()).isEqualTo("Procedure.code");
                });
    }
}
