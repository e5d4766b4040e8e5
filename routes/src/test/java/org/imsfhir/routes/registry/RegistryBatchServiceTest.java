package org.imsfhir.routes.registry;

import org.imsfhir.routes.support.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.hl7.fhir.r4.model.Procedure;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.registry.Pseudonymiser;
import org.imsfhir.adapter.registry.RegistryFeedMapper;
import org.imsfhir.adapter.validation.ValidationIssue;
import org.imsfhir.adapter.validation.ValidationReport;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.delivery.SendResult;
import org.imsfhir.routes.store.Channel;
import org.imsfhir.routes.store.NewRecord;
import org.imsfhir.routes.support.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Registry batches over the real store schema (H2, Flyway) with the sample corpus as stored VALID
 * messages: consent, privacy of every output file, watermark (no gaps, no repeats), crash between
 * write and delivery.
 */
class RegistryBatchServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ImsToFhirConverter CONVERTER = new ImsToFhirConverter();
    private static final ImsEngine READER = ImsEngine.builder().build();
    private static final String SECRET = "registry-test-secret-not-real-0001";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T14:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path out;
    private DataSource dataSource;
    private TestStores stores;
    private RegistryStore store;
    private final List<ObjectNode> stored = new ArrayList<>();

    @BeforeEach
    void database() {
        dataSource = TestDatabases.h2("registry");
        stores = TestStores.on(dataSource, CLOCK);
        store = new RegistryStore(dataSource, CLOCK);
    }

    // ------------------------------------------------------------------ helpers

    private static List<ObjectNode> samples() {
        String index = resource("/samples/valid/index.txt");
        List<ObjectNode> out = new ArrayList<>();
        for (String line : index.split("\\R")) {
            String name = line.trim();
            if (name.endsWith(".json") && !name.startsWith("#")) {
                try {
                    out.add((ObjectNode) JSON.readTree(resource("/samples/valid/" + name)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = RegistryBatchServiceTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores records as the intake would: intake, RECEIVED, VALID. */
    private void storeValid(List<ObjectNode> records) throws IOException {
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/json", JSON.writeValueAsString(records));
        List<NewRecord> rows = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ObjectNode r = records.get(i);
            rows.add(new NewRecord(i, r.at("/source/system").asText() + "|" + r.get("sessionId").asText(),
                    "application/json", JSON.writeValueAsString(r)));
        }
        List<Long> ids = stores.intake().addReceived(intake, rows);
        for (Long id : ids) {
            stores.intake().accept(id, "{}", "{}", List.of());
        }
        stored.addAll(records);
    }

    private RegistryFeed feed(String id, String secret, BatchSender sender) {
        RegistryProperties.Feed config = new RegistryProperties.Feed(true, "0 0 2 * * *", out.resolve(id), null, null,
                secret, Duration.ofSeconds(1), Duration.ofSeconds(1),
                new ImsProperties.Retry(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), Duration.ofMinutes(5)));
        return new RegistryFeed(id, config, new RegistryFeedMapper(CONVERTER, id, Pseudonymiser.of(secret)),
                sender == null ? new FolderBatchSender(config.dir()) : sender);
    }

    private RegistryBatchService service(RegistryFeed... feeds) {
        return new RegistryBatchService(store, List.of(feeds), null, READER, CLOCK);
    }

    private RegistryBatchService service(RegistryBatchService.ResourceValidator validator, RegistryFeed... feeds) {
        return new RegistryBatchService(store, List.of(feeds), validator, READER, CLOCK);
    }

    /**
     * A validator that fails the Procedure of the given session ids (Procedure.identifier value =
     * sessionId) with one error, and passes everything else. {@code failing} can be emptied later: the
     * "fix" (e.g. a corrected profile or mapper shipped with a new version).
     */
    private static RegistryBatchService.ResourceValidator failingProcedureOf(Set<String> failing) {
        return r -> {
            if (r instanceof Procedure p && p.hasIdentifier() && failing.contains(p.getIdentifierFirstRep().getValue())) {
                return new ValidationReport(List.of(new ValidationIssue(ValidationIssue.Severity.ERROR,
                        "Procedure.bodySite[0]", "Terminology_TX_NoValid_1_CC", "code-invalid", null,
                        "None of the codings provided are in the value set")), List.of());
            }
            return new ValidationReport(List.of(), List.of());
        };
    }

    private long messageIdOf(String sessionId) {
        return JdbcClient.create(dataSource).sql("select max(id) from ims_message where session_key like :k")
                .param("k", "%|" + sessionId).query(Long.class).single();
    }

    /** GET /ims/registries/{registry}/batches as the REST route answers it. */
    private static JsonNode listBatches(RegistryBatchService service, String registry) throws IOException {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader("registry", registry);
        // As the security filter chain leaves it: an authenticated caller (here one with the phi scope).
        org.springframework.mock.web.MockHttpServletRequest request = new org.springframework.mock.web.MockHttpServletRequest();
        request.setAttribute(org.imsfhir.routes.security.Caller.ATTRIBUTE, org.imsfhir.routes.security.Caller.SYSTEM);
        exchange.getIn().setHeader(Exchange.HTTP_SERVLET_REQUEST, request);
        new RegistryApi(service, new org.imsfhir.routes.api.ApiJson(JSON)).list(exchange);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        return JSON.readTree(exchange.getMessage().getBody(String.class));
    }

    /** All lines of all NDJSON files of all delivered batches of a feed folder. */
    private static List<JsonNode> resources(Path feedDir, String type) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(feedDir)) {
            for (Path f : walk.filter(p -> p.getFileName().toString().equals(type + ".ndjson"))
                    .filter(p -> !p.toString().contains(".staging")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    out.add(JSON.readTree(line));
                }
            }
        }
        return out;
    }

    /** Session ids of the Procedures in a feed's delivered batches (Procedure.identifier = session key). */
    private static List<String> deliveredSessions(Path feedDir) throws IOException {
        return resources(feedDir, "Procedure").stream().map(p -> p.at("/identifier/0/value").asText()).toList();
    }

    private static List<String> consentingSessionIds(List<ObjectNode> records) {
        Map<String, Boolean> latest = new HashMap<>();
        records.forEach(r -> latest.put(patientKey(r), r.at("/patient/registryConsent").asBoolean(false)));
        return records.stream()
                .filter(r -> r.at("/patient/registryConsent").asBoolean(false) && latest.get(patientKey(r)))
                .map(r -> r.get("sessionId").asText()).toList();
    }

    private static String patientKey(JsonNode r) {
        return r.at("/source/system").asText() + "|" + r.at("/patient/id").asText();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void batchHoldsConsentingSessionsOnlyAndNoDirectIdentifierInAnyFile() throws Exception {
        List<ObjectNode> corpus = samples();
        storeValid(corpus);
        RegistryFeed feed = feed("national-ims", SECRET, null);

        BatchRun run = service(feed).run("national-ims", "test");

        assertThat(run.result()).isEqualTo(BatchRun.Result.DELIVERED);
        Path delivered = out.resolve("national-ims").resolve(run.batch().batchId());
        assertThat(delivered.resolve("manifest.json")).exists();
        List<String> expected = consentingSessionIds(corpus);
        assertThat(expected).isNotEmpty().hasSizeLessThan(corpus.size()); // the corpus has both kinds
        assertThat(deliveredSessions(out.resolve("national-ims"))).containsExactlyInAnyOrderElementsOf(expected);

        // Patients without consent never appear: their pseudonyms are in no file.
        Pseudonymiser p = Pseudonymiser.of(SECRET);
        Set<String> nonConsenting = corpus.stream().filter(r -> !r.at("/patient/registryConsent").asBoolean(false))
                .map(r -> p.pseudonym(r.at("/source/system").asText(), r.at("/patient/id").asText()))
                .collect(Collectors.toSet());
        String everything = allText(out);
        for (String pseudonym : nonConsenting) {
            assertThat(everything).doesNotContain(pseudonym);
        }
        // Every direct identifier of every sample patient (consenting or not) is absent from every file.
        for (String id : directIdentifiers(corpus)) {
            assertThat(everything).as("direct identifier in registry output").doesNotContainIgnoringCase(id);
        }
    }

    @Test
    void twoRunsSamePseudonymsOtherSecretOtherPseudonyms() throws Exception {
        storeValid(samples());
        service(feed("reg-a", SECRET, null)).run("reg-a", "test");
        service(feed("reg-a2", SECRET, null)).run("reg-a2", "test");
        service(feed("reg-b", "another-test-secret-not-real-02", null)).run("reg-b", "test");
        Set<String> a = pseudonyms(out.resolve("reg-a"));
        assertThat(a).isNotEmpty();
        assertThat(pseudonyms(out.resolve("reg-a2"))).isEqualTo(a);
        assertThat(pseudonyms(out.resolve("reg-b"))).hasSameSizeAs(a).doesNotContainAnyElementsOf(a);
    }

    private static Set<String> pseudonyms(Path feedDir) throws IOException {
        return resources(feedDir, "Patient").stream().map(p -> p.get("id").asText()).collect(Collectors.toSet());
    }

    @Test
    void nextBatchStartsWhereTheLastEndedNoGapsNoRepeats() throws Exception {
        List<ObjectNode> corpus = samples();
        RegistryBatchService service = service(feed("national-ims", SECRET, null));
        storeValid(corpus.subList(0, 10));
        BatchRun first = service.run("national-ims", "test");
        assertThat(service.run("national-ims", "test").result()).isEqualTo(BatchRun.Result.NOTHING_NEW);
        storeValid(corpus.subList(10, corpus.size()));
        BatchRun second = service.run("national-ims", "test");

        assertThat(second.batch().fromMessageId()).isEqualTo(first.batch().toMessageId()); // no gap
        List<String> delivered = deliveredSessions(out.resolve("national-ims"));
        assertThat(delivered).doesNotHaveDuplicates() // no repeats
                .containsExactlyInAnyOrderElementsOf(consentingSessionIds(corpus));
    }

    @Test
    void aBacklogGoesOutAsSeveralBoundedBatchesInOneScheduledRun() throws Exception {
        List<ObjectNode> corpus = samples();
        storeValid(corpus);
        RegistryProperties.Feed config = new RegistryProperties.Feed(true, "0 0 2 * * *", out.resolve("national-ims"),
                null, null, SECRET, Duration.ofSeconds(1), Duration.ofSeconds(1),
                new ImsProperties.Retry(3, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(1), Duration.ofMinutes(5)),
                null, null, 4);
        RegistryFeed feed = new RegistryFeed("national-ims", config,
                new RegistryFeedMapper(CONVERTER, "national-ims", Pseudonymiser.of(SECRET)), new FolderBatchSender(config.dir()));
        RegistryBatchService service = service(feed);

        BatchRun last = service.runScheduled("national-ims", Duration.ZERO).orElseThrow();

        assertThat(last.more()).isFalse();
        List<RegistryBatch> batches = service.batches("national-ims", 100);
        int expectedBatches = (corpus.size() + 3) / 4;
        assertThat(batches).hasSize(expectedBatches)
                .allSatisfy(b -> assertThat(b.toMessageId() - b.fromMessageId()).isBetween(1L, 4L));
        assertThat(batches.stream().mapToLong(RegistryBatch::toMessageId).max().orElseThrow())
                .isEqualTo(messageIdOf(corpus.get(corpus.size() - 1).get("sessionId").asText()));
        assertThat(deliveredSessions(out.resolve("national-ims"))).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(consentingSessionIds(corpus));
    }

    @Test
    void aRecordSentAgainUnchangedIsNotReportedAgainAChangedOneIs() throws Exception {
        List<ObjectNode> consenting = samples().stream().filter(r -> r.at("/patient/registryConsent").asBoolean()).toList();
        ObjectNode first = consenting.get(0);
        ObjectNode second = consenting.get(1);
        RegistryBatchService service = service(feed("national-ims", SECRET, null));
        storeValid(List.of(first, second));
        service.run("national-ims", "test");

        ObjectNode changed = second.deepCopy();
        changed.put("end", changed.get("start").asText()); // a correction of the same session
        storeValid(List.of(first.deepCopy(), changed));
        BatchRun again = service.run("national-ims", "test");

        assertThat(again.batch().sessionCount()).isEqualTo(1);
        assertThat(deliveredSessions(out.resolve("national-ims"))).containsExactlyInAnyOrder(
                first.get("sessionId").asText(), second.get("sessionId").asText(), second.get("sessionId").asText());
    }

    @Test
    void crashBetweenWriteAndDeliveryNeitherLosesNorRepeats() throws Exception {
        List<ObjectNode> corpus = samples();
        storeValid(corpus);
        AtomicInteger calls = new AtomicInteger();
        BatchSender crashing = (id, staged) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("simulated crash after write, before delivery");
        };
        BatchRun failed = service(feed("national-ims", SECRET, crashing)).run("national-ims", "test");
        assertThat(calls).hasValue(1);
        assertThat(failed.batch().state()).isEqualTo(BatchState.WRITTEN);
        Path staged = failed.batch().stagingDir();
        Map<String, String> stagedFiles = files(staged);
        assertThat(stagedFiles).containsKey("manifest.json");
        assertThat(out.resolve("national-ims").resolve(failed.batch().batchId())).doesNotExist(); // nothing delivered yet

        // "Restart": new service objects over the same database and folders; more records arrived meanwhile.
        storeValid(List.of(withSessionId(corpus.get(0), "AFTER-CRASH")));
        RegistryBatchService restarted = service(feed("national-ims", SECRET, null));
        List<BatchRun> recovered = restarted.deliverDue(true);

        assertThat(recovered).singleElement().satisfies(r -> {
            assertThat(r.result()).isEqualTo(BatchRun.Result.DELIVERED);
            assertThat(r.batch().batchId()).isEqualTo(failed.batch().batchId()); // same id
            assertThat(r.batch().toMessageId()).isEqualTo(failed.batch().toMessageId()); // not rebuilt with new rows
        });
        assertThat(files(out.resolve("national-ims").resolve(failed.batch().batchId()))).isEqualTo(stagedFiles); // same content
        List<String> afterRecovery = deliveredSessions(out.resolve("national-ims"));
        assertThat(afterRecovery).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(consentingSessionIds(corpus));

        // The record stored after the crash goes in the next batch, once.
        BatchRun next = restarted.run("national-ims", "test");
        assertThat(next.batch().fromMessageId()).isEqualTo(failed.batch().toMessageId());
        List<String> all = deliveredSessions(out.resolve("national-ims"));
        assertThat(all).hasSize(afterRecovery.size() + (consentingSessionIds(List.of(corpus.get(0))).size()));
    }

    @Test
    void folderDeliveryThatRenamedBeforeTheCrashIsNotRepeated() throws Exception {
        storeValid(samples());
        RegistryFeed real = feed("national-ims", SECRET, null);
        // Renames, then "crashes" before the DELIVERED state is committed.
        BatchSender renameThenCrash = (id, staged) -> {
            real.sender().send(id, staged);
            throw new IllegalStateException("simulated crash after rename");
        };
        BatchRun failed = service(feed("national-ims", SECRET, renameThenCrash)).run("national-ims", "test");
        assertThat(failed.batch().state()).isEqualTo(BatchState.WRITTEN);
        Path target = out.resolve("national-ims").resolve(failed.batch().batchId());
        Map<String, String> before = files(target);

        BatchRun again = service(real).run("national-ims", "test");

        assertThat(again.result()).isEqualTo(BatchRun.Result.DELIVERED);
        assertThat(again.batch().batchId()).isEqualTo(failed.batch().batchId());
        assertThat(files(target)).isEqualTo(before);
        try (Stream<Path> batches = Files.list(out.resolve("national-ims"))) {
            assertThat(batches.filter(p -> !p.getFileName().toString().startsWith("."))).hasSize(1);
        }
    }

    @Test
    void consentWithdrawalExcludesThePatientFromEveryLaterBatch() throws Exception {
        List<ObjectNode> corpus = samples();
        ObjectNode consenting = corpus.stream().filter(r -> r.at("/patient/registryConsent").asBoolean(false))
                .findFirst().orElseThrow();
        RegistryBatchService service = service(feed("national-ims", SECRET, null));
        storeValid(List.of(consenting));
        service.run("national-ims", "test");
        assertThat(deliveredSessions(out.resolve("national-ims"))).containsExactly(consenting.get("sessionId").asText());

        // A later record of the same patient withdraws consent...
        ObjectNode withdrawn = consenting.deepCopy();
        withdrawn.put("sessionId", consenting.get("sessionId").asText() + "-W");
        ((ObjectNode) withdrawn.get("patient")).put("registryConsent", false);
        // ...and a still later one says true again (a stale flag): the withdrawal stands.
        ObjectNode laterStillTrue = consenting.deepCopy();
        laterStillTrue.put("sessionId", consenting.get("sessionId").asText() + "-L");
        storeValid(List.of(withdrawn));
        service.run("national-ims", "test");
        storeValid(List.of(laterStillTrue));
        service.run("national-ims", "test");

        assertThat(deliveredSessions(out.resolve("national-ims"))).containsExactly(consenting.get("sessionId").asText());
        assertThat(store.consents(consenting.at("/source/system").asText(), consenting.at("/patient/id").asText())).isFalse();
    }

    @Test
    void aRecordStillBeingJudgedStopsTheCutSoItIsNotSkipped() throws Exception {
        List<ObjectNode> corpus = samples();
        ObjectNode consenting = corpus.stream().filter(r -> r.at("/patient/registryConsent").asBoolean(false))
                .findFirst().orElseThrow();
        // one record RECEIVED but not judged yet, then a VALID one after it
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/json", "[]");
        long pending = stores.intake().addReceived(intake, List.of(new NewRecord(0, "k|pending", "application/json",
                JSON.writeValueAsString(consenting)))).get(0);
        ObjectNode after = consenting.deepCopy();
        after.put("sessionId", "AFTER-1");
        storeValid(List.of(after));
        RegistryBatchService service = service(feed("national-ims", SECRET, null));

        assertThat(service.run("national-ims", "test").result()).isEqualTo(BatchRun.Result.NOTHING_NEW);

        stores.intake().accept(pending, "{}", "{}", List.of());
        service.run("national-ims", "test");
        assertThat(deliveredSessions(out.resolve("national-ims")))
                .containsExactlyInAnyOrder(consenting.get("sessionId").asText(), "AFTER-1");
    }

    @Test
    void refusedBatchIsDeadBlocksTheFeedAndReplayDeliversTheSameBatch() throws Exception {
        storeValid(samples());
        BatchSender refusing = (id, staged) -> SendResult.refused(400, "{}", "HTTP 400");
        BatchRun dead = service(feed("national-ims", SECRET, refusing)).run("national-ims", "test");
        assertThat(dead.result()).isEqualTo(BatchRun.Result.DEAD);
        storeValid(List.of(samples().get(0)));
        RegistryBatchService fixed = service(feed("national-ims", SECRET, null));
        assertThat(fixed.run("national-ims", "test").result()).isEqualTo(BatchRun.Result.BLOCKED);

        BatchRun replayed = fixed.replay("national-ims", dead.batch().batchId()).orElseThrow();
        assertThat(replayed.result()).isEqualTo(BatchRun.Result.DELIVERED);
        assertThat(replayed.batch().batchId()).isEqualTo(dead.batch().batchId());
        assertThat(fixed.replay("national-ims", dead.batch().batchId()).orElseThrow().result())
                .isEqualTo(BatchRun.Result.DELIVERED); // idempotent
        assertThat(fixed.run("national-ims", "test").batch().fromMessageId()).isEqualTo(dead.batch().toMessageId());
    }

    @Test
    void sessionFailingRegistryValidationIsKeptAsAnExclusionWithItsReasonsAndSentOnceItPasses() throws Exception {
        List<ObjectNode> corpus = samples();
        List<String> consenting = consentingSessionIds(corpus);
        String bad = consenting.get(0);
        storeValid(corpus);
        long badMessage = messageIdOf(bad);
        Set<String> failing = new java.util.concurrent.CopyOnWriteArraySet<>(Set.of(bad));
        RegistryBatchService service = service(failingProcedureOf(failing), feed("national-ims", SECRET, null));

        BatchRun first = service.run("national-ims", "test");

        // The batch goes out with every other consenting session; the watermark moves past the bad one...
        assertThat(first.result()).isEqualTo(BatchRun.Result.DELIVERED);
        assertThat(first.batch().sessionCount()).isEqualTo(consenting.size() - 1);
        assertThat(deliveredSessions(out.resolve("national-ims"))).doesNotContain(bad)
                .containsExactlyInAnyOrderElementsOf(consenting.subList(1, consenting.size()));
        // ...but the bad session is kept, with its reasons, not only logged.
        assertThat(store.openExclusions("national-ims")).singleElement().satisfies(e -> {
            assertThat(e.messageId()).isEqualTo(badMessage);
            assertThat(e.sessionKey()).endsWith("|" + bad);
            assertThat(e.batchId()).isEqualTo(first.batch().batchId());
            assertThat(e.state()).isEqualTo(RegistryExclusion.State.OPEN);
            assertThat(e.reason()).contains("Procedure", "1 error");
            JsonNode issue = JSON.readTree(e.outcome()).at("/issue/0");
            assertThat(issue.get("severity").asText()).isEqualTo("error");
            assertThat(issue.at("/expression/0").asText()).isEqualTo("Procedure.bodySite[0]");
            assertThat(issue.at("/details/coding/0/code").asText()).isEqualTo("Terminology_TX_NoValid_1_CC");
        });
        // Shown by the batch listing and the session's status.
        JsonNode listed = listBatches(service, "national-ims").get(0);
        assertThat(listed.get("batchId").asText()).isEqualTo(first.batch().batchId());
        assertThat(listed.get("excluded")).singleElement().satisfies(x -> {
            assertThat(x.get("messageId").asLong()).isEqualTo(badMessage);
            assertThat(x.get("state").asText()).isEqualTo("OPEN");
            assertThat(x.at("/outcome/resourceType").asText()).isEqualTo("OperationOutcome");
            assertThat(x.at("/outcome/issue/0/expression/0").asText()).isEqualTo("Procedure.bodySite[0]");
        });
        java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
        org.imsfhir.routes.api.ApiJson api = new org.imsfhir.routes.api.ApiJson(JSON);
        new RegistryStatusDetails(store, api).addTo(details, stores.status().message(badMessage).orElseThrow(), true);
        assertThat(api.toTree(details).get("registryExclusions")).singleElement()
                .satisfies(x -> assertThat(x.get("reason").asText()).contains("Procedure"));

        // Still failing at the next batch: tried again, still OPEN, attempts counted, nothing sent twice.
        storeValid(List.of(withSessionId(corpus.get(0), "NEXT-1")));
        service.run("national-ims", "test");
        assertThat(store.openExclusions("national-ims")).singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(2));

        // After the fix, the next batch sends it, once, and closes the exclusion.
        failing.clear();
        storeValid(List.of(withSessionId(corpus.get(0), "NEXT-2")));
        BatchRun fixed = service.run("national-ims", "test");
        assertThat(fixed.result()).isEqualTo(BatchRun.Result.DELIVERED);
        assertThat(store.openExclusions("national-ims")).isEmpty();
        assertThat(store.exclusionsOfMessage(badMessage)).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(RegistryExclusion.State.RESENT);
            assertThat(e.resolvedBatchId()).isEqualTo(fixed.batch().batchId());
        });
        assertThat(deliveredSessions(out.resolve("national-ims"))).doesNotHaveDuplicates().contains(bad);
        JsonNode newest = listBatches(service, "national-ims").get(0);
        assertThat(newest.get("closed")).singleElement()
                .satisfies(x -> assertThat(x.get("state").asText()).isEqualTo("RESENT"));
    }

    @Test
    void aSessionWhoseRegistryResourcesBreakWithAnInternalErrorIsExcludedWithTheReasonAndTheBatchGoesOn() throws Exception {
        List<ObjectNode> corpus = samples();
        List<String> consenting = consentingSessionIds(corpus);
        String poison = consenting.get(1);
        storeValid(corpus);
        RegistryBatchService.ResourceValidator breaking = r -> {
            if (r instanceof Procedure p && p.hasIdentifier() && poison.equals(p.getIdentifierFirstRep().getValue())) {
                throw new IllegalStateException("a validator bug quoting " + poison);
            }
            return new ValidationReport(List.of(), List.of());
        };
        RegistryBatchService service = service(breaking, feed("national-ims", SECRET, null));
        org.imsfhir.routes.poison.PoisonRecords counted = new org.imsfhir.routes.poison.PoisonRecords();
        service.setPoisonRecords(counted);

        BatchRun run = service.run("national-ims", "test");

        assertThat(run.result()).isEqualTo(BatchRun.Result.DELIVERED);
        assertThat(deliveredSessions(out.resolve("national-ims"))).doesNotContain(poison).hasSize(consenting.size() - 1);
        assertThat(store.openExclusions("national-ims")).singleElement().satisfies(e -> {
            assertThat(e.messageId()).isEqualTo(messageIdOf(poison));
            assertThat(e.reason()).contains("internal error IllegalStateException").doesNotContain(poison);
            assertThat(JSON.readTree(e.outcome()).at("/issue/0/code").asText()).isEqualTo("exception");
        });
        assertThat(counted.count(org.imsfhir.routes.poison.PoisonStage.REGISTRY)).isEqualTo(1);
    }

    @Test
    void excludedSessionIsSupersededByALaterRecordOfTheSameSession() throws Exception {
        ObjectNode consenting = samples().stream().filter(r -> r.at("/patient/registryConsent").asBoolean(false))
                .findFirst().orElseThrow();
        String sessionId = consenting.get("sessionId").asText();
        Set<String> failing = new java.util.concurrent.CopyOnWriteArraySet<>(Set.of(sessionId));
        RegistryBatchService service = service(failingProcedureOf(failing), feed("national-ims", SECRET, null));
        storeValid(List.of(consenting));
        BatchRun first = service.run("national-ims", "test");
        assertThat(first.result()).isEqualTo(BatchRun.Result.EMPTY); // nothing to send, the watermark still moves
        long firstMessage = messageIdOf(sessionId);
        assertThat(store.exclusionsOfMessage(firstMessage)).singleElement()
                .satisfies(e -> assertThat(e.batchId()).isEqualTo(first.batch().batchId()));
        assertThat(listBatches(service, "national-ims").get(0).get("excluded")).hasSize(1);

        // The clinic sends the session again (corrected); it passes now.
        failing.clear();
        storeValid(List.of(consenting));
        BatchRun second = service.run("national-ims", "test");

        assertThat(deliveredSessions(out.resolve("national-ims"))).containsExactly(sessionId); // once, not twice
        assertThat(store.exclusionsOfMessage(firstMessage)).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(RegistryExclusion.State.SUPERSEDED);
            assertThat(e.resolvedBatchId()).isEqualTo(second.batch().batchId());
        });
    }

    private static ObjectNode withSessionId(ObjectNode record, String sessionId) {
        ObjectNode copy = record.deepCopy();
        copy.put("sessionId", sessionId);
        return copy;
    }

    // ------------------------------------------------------------------ file helpers

    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                m.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return m;
    }

    private static String allText(Path root) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                sb.append(Files.readString(f)).append('\n');
            }
        }
        return sb.toString();
    }

    /** Names, health numbers, clinic patient ids, full birth dates, full postal codes of every sample patient. */
    private static Set<String> directIdentifiers(List<ObjectNode> records) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        for (ObjectNode r : records) {
            JsonNode p = r.get("patient");
            add(ids, p.path("family").asText(null));
            p.path("given").forEach(g -> add(ids, g.asText()));
            add(ids, p.path("id").asText(null));
            add(ids, p.at("/healthNumber/value").asText(null));
            add(ids, p.path("birthDate").asText(null));
            String postal = p.path("postalCode").asText(null);
            add(ids, postal);
            add(ids, postal == null ? null : postal.replace(" ", ""));
        }
        assertThat(ids).hasSizeGreaterThan(50);
        return ids;
    }

    private static void add(Set<String> ids, String v) {
        if (v != null && !v.isBlank()) {
            ids.add(v);
        }
    }
}
