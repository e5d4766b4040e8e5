package org.imsfhir.routes.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.imsfhir.routes.logs.RecordMdc;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.engine.PayloadFormat;
import org.imsfhir.adapter.record.ImsSession;
import org.imsfhir.adapter.registry.BulkBatchWriter;
import org.imsfhir.adapter.registry.BulkManifest;
import org.imsfhir.adapter.registry.RegistrySession;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.adapter.validation.ValidationIssue;
import org.imsfhir.adapter.validation.ValidationReport;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.delivery.SendResult;
import org.imsfhir.routes.pipeline.Outcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.imsfhir.routes.poison.PoisonRecords;
import org.imsfhir.routes.poison.PoisonStage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Builds and delivers registry batches. One run of a feed:
 * <ol>
 *   <li>a batch that is still open (WRITTEN: staged but not known to be delivered, e.g. after a
 *       crash or a failed attempt) is delivered first, from its staged files: same id, same content;
 *       a DEAD one blocks the feed until it is replayed;</li>
 *   <li>otherwise the next batch takes the VALID messages after the feed's watermark (the end of
 *       its last batch) up to the cut-off (no message still being judged below it), at most the
 *       feed's {@code max-records-per-batch}; every record updates the consent table; sessions
 *       whose record and patient consent are mapped (pseudonymised), validated, and written to a
 *       staging folder in the Bulk Data layout. A record identical to its session's previous VALID
 *       record (a client's resend) is skipped: the registry already has that content;</li>
 *   <li>a consenting session whose registry resources fail their profile (or whose stored record
 *       cannot be read again) is left out of the batch but not lost: it is recorded as an OPEN
 *       exclusion with the validator's errors (OperationOutcome), shown by the API, and tried again
 *       by every later batch of the feed, which sends it once it passes (RESENT), or closes it when
 *       a later record of the same session reached a batch (SUPERSEDED) or the patient's consent
 *       was withdrawn meanwhile (WITHDRAWN). The
 *       watermark still moves past it, so one bad session never blocks the feed;</li>
 *   <li>the batch row (WRITTEN, with its range) and its exclusion changes are committed in one
 *       transaction, then the batch is delivered whole (atomic rename, or HTTP push with the
 *       manifest last) and marked DELIVERED.</li>
 * </ol>
 * Retries follow the feed's {@link ImsProperties.Retry} (the EHR destinations' backoff); after the
 * last attempt the batch is DEAD and can be replayed. One run per feed at a time, across all nodes
 * of the database ({@link FeedLocks}; the unique range key refuses a second batch besides). Logs carry registry, batch id and
 * session keys only.
 */
public class RegistryBatchService {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryBatchService.class);

    private final RegistryStore store;
    private final Map<String, RegistryFeed> feeds;
    private final ResourceValidator validator;
    private final ImsEngine engine;
    private final Clock clock;
    /** How long an on-demand run or replay waits for a run of the same feed (on any node) to end. */
    private static final Duration RUN_WAIT = Duration.ofMinutes(5);
    private final BulkBatchWriter writer = new BulkBatchWriter();
    private final FeedLocks locks;
    private volatile PoisonRecords poison = new PoisonRecords();

    /** Checks one registry resource against its IMS profile (the {@link ProfileValidator} in service). */
    @FunctionalInterface
    public interface ResourceValidator {
        ValidationReport validate(Resource resource);

        /** A validator asked for at the first registry resource, so a service without registry traffic never builds one. */
        static ResourceValidator of(java.util.function.Supplier<ProfileValidator> validator) {
            return r -> validator.get().validate(r);
        }
    }

    /**
     * @param validator checks every registry resource before it is written; null skips the check
     *                  (tests that are not about validation)
     */
    public RegistryBatchService(RegistryStore store, List<RegistryFeed> feeds, ResourceValidator validator,
                                ImsEngine engine, Clock clock) {
        this(store, feeds, validator, engine, clock, FeedLocks.inProcess());
    }

    /** @param locks one run per feed at a time: across the nodes of a database in the service */
    public RegistryBatchService(RegistryStore store, List<RegistryFeed> feeds, ResourceValidator validator,
                                ImsEngine engine, Clock clock, FeedLocks locks) {
        this.locks = locks;
        this.store = store;
        Map<String, RegistryFeed> byId = new LinkedHashMap<>();
        feeds.forEach(f -> byId.put(f.id(), f));
        this.feeds = Map.copyOf(byId);
        this.validator = validator;
        this.engine = engine;
        this.clock = clock;
    }

    /** Where sessions and batches set aside are counted (the service's metric; without it, in memory only). */
    @Autowired(required = false)
    public void setPoisonRecords(PoisonRecords poison) {
        this.poison = poison;
    }

    public Optional<RegistryFeed> feed(String id) {
        return Optional.ofNullable(feeds.get(id));
    }

    public List<String> feedIds() {
        return feeds.keySet().stream().sorted().toList();
    }

    /** One run of a feed (scheduled or on demand); waits for a run in progress to end. */
    public BatchRun run(String registry, String trigger) {
        RegistryFeed feed = feeds.get(registry);
        if (feed == null) {
            throw new IllegalArgumentException("unknown registry feed " + registry);
        }
        return locks.withLock(lockName(registry), RUN_WAIT, Duration.ZERO, () -> {
            Optional<RegistryBatch> open = store.open(registry);
            if (open.isPresent()) {
                RegistryBatch b = open.get();
                if (b.state() == BatchState.DEAD) {
                    return new BatchRun(registry, BatchRun.Result.BLOCKED, b);
                }
                return deliver(feed, b);
            }
            return buildAndDeliver(feed, trigger);
        }).orElseGet(() -> new BatchRun(registry, BatchRun.Result.BUSY, null));
    }

    /**
     * The scheduled run of a feed: on one node per period. The schedule fires on every node; the
     * first takes the schedule lock and keeps it at least {@code holdAtLeast}, the others skip.
     */
    public Optional<BatchRun> runScheduled(String registry, Duration holdAtLeast) {
        return locks.withLock(lockName(registry) + "-schedule", Duration.ZERO, holdAtLeast, () -> {
            // A backlog (after downtime, or a bulk load) goes out as several bounded batches in a row.
            BatchRun run = run(registry, "scheduled");
            while (run.cutAgain()) {
                run = run(registry, "scheduled");
            }
            return run;
        });
    }

    private static String lockName(String registry) {
        return "registry-" + registry;
    }

    /**
     * Delivers the open batches that are due (all open ones when {@code ignoreSchedule}, as at
     * start-up after a crash). Skips a feed whose run is in progress.
     */
    public List<BatchRun> deliverDue(boolean ignoreSchedule) {
        List<BatchRun> runs = new ArrayList<>();
        for (RegistryFeed feed : feeds.values()) {
            try {
                locks.withLock(lockName(feed.id()), Duration.ZERO, Duration.ZERO, () -> {
                    List<RegistryBatch> due = ignoreSchedule
                            ? store.open(feed.id()).filter(b -> b.state() == BatchState.WRITTEN).stream().toList()
                            : store.due(feed.id());
                    for (RegistryBatch b : due) {
                        deliverGuarded(feed, b).ifPresent(runs::add);
                    }
                    return due.size();
                });
            } catch (RuntimeException e) {
                // One feed's trouble (e.g. its store query) never keeps the other feeds from their batches.
                LOG.warn("Registry {}: due batches not delivered this time ({})", feed.id(), e.getClass().getName());
            }
        }
        return runs;
    }

    /**
     * {@link #deliver} with a failure confined to its batch: one that breaks off with an internal
     * error is counted and scheduled again with the feed's backoff (DEAD with the reason after the
     * last attempt), and the loop goes on. The store being away is left for the next poll.
     */
    private Optional<BatchRun> deliverGuarded(RegistryFeed feed, RegistryBatch b) {
        try {
            return Optional.of(deliver(feed, b));
        } catch (RuntimeException | StackOverflowError e) {
            if (PoisonRecords.transientFailure(e)) {
                LOG.warn("Registry {}: batch {} not delivered, the store failed ({}); tried again at the next poll",
                        feed.id(), b.batchId(), e.getClass().getName());
                return Optional.empty();
            }
            String reason = "internal error during the attempt (" + PoisonRecords.describe(e) + ")";
            int attempt = b.attempts() + 1;
            try {
                if (attempt >= feed.config().retry().maxAttempts()) {
                    store.markDead(b.id(), "gave up after " + attempt + " attempts; last: " + reason);
                } else {
                    store.scheduleRetry(b.id(), reason, OffsetDateTime.now(clock).plus(feed.config().retry().backoff(attempt)));
                }
            } catch (RuntimeException again) {
                LOG.warn("Registry {}: batch {}: the failed attempt could not be recorded ({})", feed.id(), b.batchId(),
                        again.getClass().getName());
            }
            poison.setAside(PoisonStage.REGISTRY, "batch " + b.batchId(), "attempt " + attempt + " broke off", e);
            return Optional.empty();
        }
    }

    /** DEAD → WRITTEN for a batch, then delivers it. Idempotent: a batch that is not DEAD is left alone. */
    public Optional<BatchRun> replay(String registry, String batchId) {
        RegistryFeed feed = feeds.get(registry);
        if (feed == null || store.batch(registry, batchId).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(locks.withLock(lockName(registry), RUN_WAIT, Duration.ZERO, () -> {
            store.replay(registry, batchId);
            RegistryBatch b = store.batch(registry, batchId).orElseThrow();
            if (b.state() != BatchState.WRITTEN) {
                return new BatchRun(registry, b.state() == BatchState.DELIVERED
                        ? BatchRun.Result.DELIVERED : BatchRun.Result.BLOCKED, b);
            }
            return deliver(feed, b);
        }).orElseGet(() -> new BatchRun(registry, BatchRun.Result.BUSY, null)));
    }

    public List<RegistryBatch> batches(String registry, int limit) {
        return store.batches(registry, limit);
    }

    /** The exclusions the given batches made or resolved. */
    public List<RegistryExclusion> exclusionsOfBatches(String registry, List<String> batchIds) {
        return store.exclusionsOfBatches(registry, batchIds);
    }

    /** The feed's exclusions, newest first, of one state or ({@code null}) all. */
    public List<RegistryExclusion> exclusions(String registry, RegistryExclusion.State state, int limit) {
        return store.exclusions(registry, state, limit);
    }

    // ---------------------------------------------------------------- build

    private BatchRun buildAndDeliver(RegistryFeed feed, String trigger) {
        String registry = feed.id();
        long from = store.watermark(registry);
        long cutOff = store.cutOff();
        if (cutOff <= from) {
            return new BatchRun(registry, BatchRun.Result.NOTHING_NEW, null);
        }
        int max = feed.config().maxRecordsPerBatch();
        List<RegistryStore.ValidRecord> records = store.validRecords(from, cutOff, max);
        // A full batch ends at its last record; the rest of the range goes to the next batch.
        boolean more = records.size() == max && records.get(max - 1).messageId() < cutOff;
        long to = more ? records.get(max - 1).messageId() : cutOff;
        String batchId = registry + "-" + from + "-" + to;
        List<RegistryStore.Excluded> excluded = new ArrayList<>();
        List<Long> resent = new ArrayList<>();
        List<Long> superseded = new ArrayList<>();
        List<Long> withdrawn = new ArrayList<>();

        // Consent first, over the whole range in message order: a withdrawal anywhere in it already
        // excludes the patient's earlier sessions of this batch.
        List<Read> read = new ArrayList<>(records.size());
        for (RegistryStore.ValidRecord r : records) {
            ImsSession s = read(r);
            if (s == null) {
                excluded.add(unreadable(r));
                continue;
            }
            try {
                store.recordConsent(s.source().system(), s.patient().id(), s.patient().consentsToRegistry(), r.messageId());
            } catch (RuntimeException e) {
                // E.g. a patient id longer than the consent table holds (stored before the intake checked it).
                rethrowIfTransient(e);
                excluded.add(failed(r.messageId(), r.sessionKey(), "its registry consent could not be recorded", e));
                continue;
            }
            read.add(new Read(r, s));
        }
        List<Resource> resources = new ArrayList<>();
        int sessions = 0;

        // Sessions earlier batches left out, tried again first (they are older): sent when they pass now.
        for (RegistryExclusion e : store.openExclusions(registry)) {
            if (store.laterRecordOfSession(e.sessionKey(), e.messageId(), to)) {
                superseded.add(e.messageId()); // the later record stands for the session (sent or excluded itself)
                continue;
            }
            Optional<RegistryStore.ValidRecord> again = store.validRecord(e.messageId());
            ImsSession s = again.map(this::read).orElse(null);
            if (s == null) {
                excluded.add(unreadable(again.orElse(new RegistryStore.ValidRecord(e.messageId(), e.sessionKey(), null))));
                continue;
            }
            if (!s.patient().consentsToRegistry() || !store.consents(s.source().system(), s.patient().id())) {
                withdrawn.add(e.messageId()); // consent withdrawn since: it must never be sent
                continue;
            }
            RegistrySession rs;
            Optional<RegistryStore.Excluded> failure;
            try {
                rs = feed.mapper().map(s);
                failure = check(registry, e.messageId(), e.sessionKey(), rs);
            } catch (RuntimeException | StackOverflowError x) {
                rethrowIfTransient(x);
                excluded.add(failed(e.messageId(), e.sessionKey(), "its registry resources could not be built", x));
                continue;
            }
            if (failure.isPresent()) {
                excluded.add(failure.get());
                continue;
            }
            resources.addAll(rs.resources());
            resent.add(e.messageId());
            sessions++;
            try (RecordMdc mdc = RecordMdc.message(e.messageId())) {
                LOG.info("Registry {}: session {} (message {}) left out earlier passes now; in batch {}", registry,
                        e.sessionKey(), e.messageId(), batchId);
            }
        }

        int repeated = 0;
        for (Read r : read) {
            ImsSession s = r.session();
            if (!s.patient().consentsToRegistry() || !store.consents(s.source().system(), s.patient().id())) {
                continue;
            }
            if (repeatsReported(registry, r.record(), excluded)) {
                repeated++;
                continue;
            }
            RegistrySession rs;
            Optional<RegistryStore.Excluded> failure;
            try {
                rs = feed.mapper().map(s);
                failure = check(registry, r.record().messageId(), r.record().sessionKey(), rs);
            } catch (RuntimeException | StackOverflowError x) {
                rethrowIfTransient(x);
                excluded.add(failed(r.record().messageId(), r.record().sessionKey(), "its registry resources could not be built", x));
                continue;
            }
            if (failure.isPresent()) {
                excluded.add(failure.get());
                continue;
            }
            resources.addAll(rs.resources());
            sessions++;
        }

        Path staging = feed.config().stagingDir().resolve(batchId);
        Instant transactionTime = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            deleteRecursively(staging); // left by a run that stopped before its batch row was committed
            if (sessions > 0) {
                Files.createDirectories(staging);
                String base = feed.config().push() ? withSlash(feed.config().pushUrl().toString()) + batchId + "/" : "";
                BulkManifest m = writer.write(staging, batchId, resources, transactionTime, request(registry, trigger), base);
                LOG.info("Registry {}: batch {} written ({} sessions, {} resources, messages {}..{}, {} resent, {} left out,"
                        + " {} repeated records skipped)", registry, batchId, sessions, m.resourceCount(), from + 1, to,
                        resent.size(), excluded.size(), repeated);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("registry " + registry + ": cannot stage batch " + batchId, e);
        }
        RegistryBatch batch;
        try {
            batch = store.insert(registry, batchId, from, to, sessions, countLines(staging), staging, trigger,
                    OffsetDateTime.ofInstant(transactionTime, ZoneOffset.UTC), sessions == 0,
                    new RegistryStore.ExclusionChanges(excluded, resent, superseded, withdrawn));
        } catch (DataIntegrityViolationException e) {
            // Another node cut this range first; its batch stands.
            LOG.info("Registry {}: batch {} already recorded elsewhere", registry, batchId);
            deleteQuietly(staging);
            return new BatchRun(registry, BatchRun.Result.BUSY, null);
        }
        if (sessions == 0) {
            LOG.info("Registry {}: no sessions to send in messages {}..{} ({} left out); watermark moved", registry,
                    from + 1, to, excluded.size());
            return new BatchRun(registry, BatchRun.Result.EMPTY, batch, more);
        }
        return deliver(feed, batch).withMore(more);
    }

    /**
     * A client's resend of a record the registry already has: identical to the session's previous
     * VALID record, which was neither left out (then this one must be tried, and supersedes it)
     * nor is being left out in this very batch.
     */
    private boolean repeatsReported(String registry, RegistryStore.ValidRecord r, List<RegistryStore.Excluded> excludedNow) {
        Optional<Long> previous = store.repeatedRecord(r);
        return previous.isPresent()
                && excludedNow.stream().noneMatch(e -> e.messageId() == previous.get())
                && store.exclusionsOfMessage(previous.get()).stream().noneMatch(e -> e.registry().equals(registry));
    }

    private record Read(RegistryStore.ValidRecord record, ImsSession session) {
    }

    private ImsSession read(RegistryStore.ValidRecord r) {
        // Every record is stored as one JSON record, CSV rows too (as the reader read them).
        Optional<ImsSession> session = engine.readStored(r.rawPayload(), PayloadFormat.JSON);
        if (session.isPresent()) {
            return session.get();
        }
        try (RecordMdc mdc = RecordMdc.message(r.messageId())) {
            LOG.warn("Registry feeds: stored VALID message {} ({}) could not be read again; kept as an exclusion", r.messageId(),
                    r.sessionKey());
        }
        return null;
    }

    /**
     * Validates every resource of the session; empty when all pass, else the exclusion with the
     * errors of every failing resource as an OperationOutcome (validator locations, message ids and
     * texts: stored, never logged; the log gets the session key, resource types and counts).
     */
    private Optional<RegistryStore.Excluded> check(String registry, long messageId, String sessionKey, RegistrySession rs) {
        if (validator == null) {
            return Optional.empty();
        }
        List<ValidationIssue> errors = new ArrayList<>();
        java.util.Set<String> types = new java.util.TreeSet<>();
        for (Resource r : rs.resources()) {
            ValidationReport report = validator.validate(r);
            if (!report.isValid()) {
                errors.addAll(report.errors());
                types.add(r.fhirType());
            }
        }
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        String reason = "registry resources fail their IMS profile: " + String.join(", ", types) + " ("
                + errors.size() + " error(s))";
        try (RecordMdc mdc = RecordMdc.message(messageId)) {
            LOG.warn("Registry {}: session {} (message {}) left out, {}; kept as an exclusion, tried again with the next batch",
                    registry, sessionKey, messageId, reason);
        }
        String outcome = Outcomes.toJson(new ValidationReport(errors, List.of()).toOperationOutcome());
        return Optional.of(new RegistryStore.Excluded(messageId, sessionKey, reason, outcome));
    }

    /**
     * A session whose processing broke off with an internal error: left out like a failing one (an
     * OPEN exclusion with the reason, tried again by later batches) so the batch and the feed go on.
     */
    private RegistryStore.Excluded failed(long messageId, String sessionKey, String what, Throwable e) {
        String reason = what + " (internal error " + PoisonRecords.describe(e) + ")";
        poison.setAside(PoisonStage.REGISTRY, "message " + messageId + " (" + sessionKey + ")", reason
                + "; kept as an exclusion", e);
        return new RegistryStore.Excluded(messageId, sessionKey, reason,
                Outcomes.toJson(Outcomes.error(OperationOutcome.IssueType.EXCEPTION, reason)));
    }

    private static void rethrowIfTransient(Throwable e) {
        if (PoisonRecords.transientFailure(e)) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    private static RegistryStore.Excluded unreadable(RegistryStore.ValidRecord r) {
        String reason = "the stored VALID record could not be read again";
        return new RegistryStore.Excluded(r.messageId(), r.sessionKey(), reason,
                Outcomes.toJson(Outcomes.error(OperationOutcome.IssueType.EXCEPTION, reason)));
    }

    private static String request(String registry, String trigger) {
        return "ims-fhir-adapter registry feed " + registry + " (" + trigger + ")";
    }

    // ---------------------------------------------------------------- deliver

    private BatchRun deliver(RegistryFeed feed, RegistryBatch b) {
        SendResult result;
        try {
            result = feed.sender().send(b.batchId(), b.stagingDir());
        } catch (RuntimeException e) {
            result = SendResult.retry(null, null, "delivery failed: " + e.getClass().getSimpleName(), null);
        }
        int attempt = b.attempts() + 1;
        switch (result.verdict()) {
            case DELIVERED -> {
                store.markDelivered(b.id());
                deleteQuietly(b.stagingDir()); // push: the staged copy is no longer needed (folder: already moved)
                LOG.info("Registry {}: batch {} delivered (attempt {})", feed.id(), b.batchId(), attempt);
                return new BatchRun(feed.id(), BatchRun.Result.DELIVERED, store.batch(feed.id(), b.batchId()).orElseThrow());
            }
            case REFUSED -> {
                store.markDead(b.id(), result.error());
                LOG.warn("Registry {}: batch {} refused (HTTP {}): DEAD", feed.id(), b.batchId(), result.httpStatus());
                return new BatchRun(feed.id(), BatchRun.Result.DEAD, store.batch(feed.id(), b.batchId()).orElseThrow());
            }
            default -> {
                ImsProperties.Retry retry = feed.config().retry();
                if (attempt >= retry.maxAttempts()) {
                    store.markDead(b.id(), "gave up after " + attempt + " attempts; last: " + result.error());
                    LOG.warn("Registry {}: batch {} gave up after {} attempts: DEAD", feed.id(), b.batchId(), attempt);
                    return new BatchRun(feed.id(), BatchRun.Result.DEAD, store.batch(feed.id(), b.batchId()).orElseThrow());
                }
                Duration wait = retry.backoff(attempt);
                store.scheduleRetry(b.id(), result.error(), OffsetDateTime.now(clock).plus(wait));
                LOG.info("Registry {}: batch {} attempt {} failed ({}), next in {} ms", feed.id(), b.batchId(), attempt,
                        result.error(), wait.toMillis());
                return new BatchRun(feed.id(), BatchRun.Result.RETRY_SCHEDULED,
                        store.batch(feed.id(), b.batchId()).orElseThrow());
            }
        }
    }

    // ---------------------------------------------------------------- files

    private static int countLines(Path staging) throws UncheckedIOException {
        if (!Files.isDirectory(staging)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(staging)) {
            int n = 0;
            for (Path f : files.filter(p -> p.toString().endsWith(BulkBatchWriter.NDJSON_SUFFIX)).toList()) {
                try (Stream<String> lines = Files.lines(f)) {
                    n += (int) lines.count();
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withSlash(String s) {
        return s.endsWith("/") ? s : s + "/";
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteRecursively(dir);
        } catch (IOException e) {
            LOG.warn("Could not remove staging folder {}: {}", dir.getFileName(), e.getClass().getSimpleName());
        }
    }
}
