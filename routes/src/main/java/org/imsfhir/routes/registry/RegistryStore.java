package org.imsfhir.routes.registry;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.imsfhir.routes.store.JdbcStore;

/**
 * The registry feeds' tables beside the message store: the batch table (watermark and states), the
 * consent table and the exclusion table (sessions a batch left out, and why). Reads the store's
 * VALID messages; never writes the service's tables.
 */
public class RegistryStore extends JdbcStore {
    private static final int MAX_ERROR_LENGTH = 4000;
    private static final int MAX_REASON_LENGTH = 1000;

    public RegistryStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        super(dataSource, transactions, clock);
    }

    public RegistryStore(DataSource dataSource, Clock clock) {
        super(dataSource, clock);
    }

    /** A VALID record of the store: message id, session key (loggable) and the record text (one JSON record). */
    public record ValidRecord(long messageId, String sessionKey, String rawPayload) {
        @Override
        public String toString() {
            return "ValidRecord[" + messageId + ", " + sessionKey + "]";
        }
    }

    // ---------------------------------------------------------------- the range of the next batch

    /** Where the next batch of a registry starts: the end of its last batch (0 before the first). */
    public long watermark(String registry) {
        return jdbc.sql("select coalesce(max(to_message_id), 0) from ims_registry_batch where registry = :r")
                .param("r", registry).query(Long.class).single();
    }

    /**
     * The highest message id a batch may take now: every message up to it is judged (VALID or
     * REJECTED). A record still RECEIVED stops the cut just before it, so it cannot be skipped.
     */
    public long cutOff() {
        Long firstOpen = jdbc.sql("select min(id) from ims_message where status = 'RECEIVED'")
                .query(Long.class).optional().orElse(null);
        if (firstOpen != null) {
            return firstOpen - 1;
        }
        return jdbc.sql("select coalesce(max(id), 0) from ims_message").query(Long.class).single();
    }

    /** The first {@code limit} VALID records with {@code from < id <= to}, in id order. */
    public List<ValidRecord> validRecords(long from, long to, int limit) {
        return jdbc.sql("""
                select id, session_key, raw_payload from ims_message
                where status = 'VALID' and id > :from and id <= :to order by id
                fetch first :limit rows only""")
                .param("from", from).param("to", to).param("limit", limit)
                .query((rs, n) -> new ValidRecord(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /**
     * The message id of the session's VALID record before this one when it has exactly this
     * payload: the client sent the same record again (e.g. after a lost answer).
     */
    public Optional<Long> repeatedRecord(ValidRecord r) {
        if (r.sessionKey() == null || r.rawPayload() == null) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select id, raw_payload from ims_message where session_key = :k and status = 'VALID' and id < :id
                order by id desc fetch first 1 rows only""")
                .param("k", r.sessionKey()).param("id", r.messageId())
                .query((rs, n) -> new ValidRecord(rs.getLong(1), r.sessionKey(), rs.getString(2)))
                .optional().filter(previous -> r.rawPayload().equals(previous.rawPayload())).map(ValidRecord::messageId);
    }

    /** One VALID record by message id (an excluded session tried again). */
    public Optional<ValidRecord> validRecord(long messageId) {
        return jdbc.sql("select id, session_key, raw_payload from ims_message where status = 'VALID' and id = :id")
                .param("id", messageId)
                .query((rs, n) -> new ValidRecord(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /** Whether a VALID record of the same session key later than {@code messageId}, up to {@code to}, exists. */
    public boolean laterRecordOfSession(String sessionKey, long messageId, long to) {
        if (sessionKey == null) {
            return false;
        }
        return jdbc.sql("""
                select count(*) from ims_message
                where session_key = :k and status = 'VALID' and id > :m and id <= :to""")
                .param("k", sessionKey).param("m", messageId).param("to", to).query(Long.class).single() > 0;
    }

    // ---------------------------------------------------------------- consent

    /**
     * Records what a message said about a patient's registry consent, unless a later message
     * (higher id) already did. A withdrawal (no consent after consent) is sticky: the patient
     * stays out of every later batch, whatever later records say.
     */
    public void recordConsent(String sourceSystem, String patientId, boolean consent, long messageId) {
        tx.executeWithoutResult(s -> {
            Optional<Object[]> row = jdbc.sql("""
                    select consent, message_id, withdrawn from ims_registry_consent
                    where source_system = :sys and patient_id = :pid""")
                    .param("sys", sourceSystem).param("pid", patientId)
                    .query((rs, n) -> new Object[] {rs.getBoolean(1), rs.getLong(2), rs.getBoolean(3)})
                    .optional();
            if (row.isEmpty()) {
                jdbc.sql("""
                        insert into ims_registry_consent (source_system, patient_id, consent, withdrawn, message_id, updated_at)
                        values (:sys, :pid, :consent, false, :m, :now)""")
                        .param("sys", sourceSystem).param("pid", patientId).param("consent", consent)
                        .param("m", messageId).param("now", now()).update();
                return;
            }
            boolean was = (Boolean) row.get()[0];
            long at = (Long) row.get()[1];
            boolean withdrawn = (Boolean) row.get()[2];
            if (messageId <= at) {
                return;
            }
            jdbc.sql("""
                    update ims_registry_consent set consent = :consent, withdrawn = :withdrawn, message_id = :m, updated_at = :now
                    where source_system = :sys and patient_id = :pid""")
                    .param("consent", consent).param("withdrawn", withdrawn || (was && !consent))
                    .param("m", messageId).param("now", now())
                    .param("sys", sourceSystem).param("pid", patientId).update();
        });
    }

    /** Whether the latest known record of the patient consents and no withdrawal was ever recorded. */
    public boolean consents(String sourceSystem, String patientId) {
        return jdbc.sql("""
                select consent, withdrawn from ims_registry_consent where source_system = :sys and patient_id = :pid""")
                .param("sys", sourceSystem).param("pid", patientId)
                .query((rs, n) -> rs.getBoolean(1) && !rs.getBoolean(2))
                .optional().orElse(false);
    }

    // ---------------------------------------------------------------- batches

    /** The registry's batch that is not delivered yet (WRITTEN or DEAD), if any: it must go before a new one. */
    public Optional<RegistryBatch> open(String registry) {
        return jdbc.sql("select * from ims_registry_batch where registry = :r and state <> 'DELIVERED' order by id")
                .param("r", registry).query(RegistryStore::batch).list().stream().findFirst();
    }

    public Optional<RegistryBatch> batch(String registry, String batchId) {
        return jdbc.sql("select * from ims_registry_batch where registry = :r and batch_id = :b")
                .param("r", registry).param("b", batchId).query(RegistryStore::batch).optional();
    }

    /** The newest batches of a registry first. */
    public List<RegistryBatch> batches(String registry, int limit) {
        return jdbc.sql("select * from ims_registry_batch where registry = :r order by id desc")
                .param("r", registry).query(RegistryStore::batch).list().stream().limit(limit).toList();
    }

    /** WRITTEN batches whose next attempt is due. */
    public List<RegistryBatch> due(String registry) {
        return jdbc.sql("""
                select * from ims_registry_batch where registry = :r and state = 'WRITTEN' and next_attempt_at <= :now
                order by id""")
                .param("r", registry).param("now", now()).query(RegistryStore::batch).list();
    }

    /**
     * Records a staged batch as WRITTEN (or DELIVERED at once when it is empty: nothing to send, the
     * watermark still moves). Fails on a second batch for the same range (unique key).
     */
    public RegistryBatch insert(String registry, String batchId, long from, long to, int sessions, int resources,
                                Path staging, String trigger, OffsetDateTime transactionTime, boolean empty) {
        return insert(registry, batchId, from, to, sessions, resources, staging, trigger, transactionTime, empty,
                ExclusionChanges.NONE);
    }

    /**
     * As above, and in the same transaction what the batch decided about left-out sessions: new or
     * still failing exclusions (upserted, attempts counted), earlier ones it sent (RESENT), found
     * replaced by a later record of the session (SUPERSEDED) or without consent now (WITHDRAWN). A batch that loses the race for its
     * range (unique key) leaves no exclusion change behind either.
     */
    public RegistryBatch insert(String registry, String batchId, long from, long to, int sessions, int resources,
                                Path staging, String trigger, OffsetDateTime transactionTime, boolean empty,
                                ExclusionChanges changes) {
        return tx.execute(s -> {
            OffsetDateTime now = now();
            jdbc.sql("""
                    insert into ims_registry_batch (registry, batch_id, from_message_id, to_message_id, state, session_count,
                        resource_count, staging_dir, trigger_source, attempts, next_attempt_at, transaction_time,
                        created_at, updated_at, delivered_at)
                    values (:r, :b, :from, :to, :state, :sessions, :resources, :staging, :trigger, 0, :now, :tt,
                        :now, :now, :delivered)""")
                    .param("r", registry).param("b", batchId).param("from", from).param("to", to)
                    .param("state", (empty ? BatchState.DELIVERED : BatchState.WRITTEN).name())
                    .param("sessions", sessions).param("resources", resources)
                    .param("staging", staging.toString()).param("trigger", trigger)
                    .param("now", now).param("tt", transactionTime).param("delivered", empty ? now : null)
                    .update();
            applyExclusions(registry, batchId, changes, now);
            return batch(registry, batchId).orElseThrow();
        });
    }

    public void markDelivered(long id) {
        OffsetDateTime now = now();
        jdbc.sql("""
                update ims_registry_batch set state = 'DELIVERED', attempts = attempts + 1, last_error = null,
                    delivered_at = :now, updated_at = :now where id = :id and state = 'WRITTEN'""")
                .param("now", now).param("id", id).update();
    }

    public void scheduleRetry(long id, String error, OffsetDateTime next) {
        jdbc.sql("""
                update ims_registry_batch set attempts = attempts + 1, last_error = :e, next_attempt_at = :next,
                    updated_at = :now where id = :id and state = 'WRITTEN'""")
                .param("e", truncate(error, MAX_ERROR_LENGTH)).param("next", next).param("now", now()).param("id", id).update();
    }

    public void markDead(long id, String error) {
        jdbc.sql("""
                update ims_registry_batch set state = 'DEAD', attempts = attempts + 1, last_error = :e, updated_at = :now
                where id = :id and state = 'WRITTEN'""")
                .param("e", truncate(error, MAX_ERROR_LENGTH)).param("now", now()).param("id", id).update();
    }

    /** DEAD → WRITTEN, due now, attempts reset (the same staged files go out again). False if not DEAD. */
    public boolean replay(String registry, String batchId) {
        OffsetDateTime now = now();
        return jdbc.sql("""
                update ims_registry_batch set state = 'WRITTEN', attempts = 0, next_attempt_at = :now, updated_at = :now
                where registry = :r and batch_id = :b and state = 'DEAD'""")
                .param("now", now).param("r", registry).param("b", batchId).update() == 1;
    }

    // ---------------------------------------------------------------- exclusions

    /** A session left out by a batch: message, session key (loggable), short reason, OperationOutcome JSON. */
    public record Excluded(long messageId, String sessionKey, String reason, String outcome) {
        @Override
        public String toString() {
            return "Excluded[" + messageId + ", " + sessionKey + "]";
        }
    }

    /** What one batch decided about left-out sessions: newly or still excluded, and earlier ones closed (message ids). */
    public record ExclusionChanges(List<Excluded> excluded, List<Long> resent, List<Long> superseded, List<Long> withdrawn) {
        public static final ExclusionChanges NONE = new ExclusionChanges(List.of(), List.of(), List.of(), List.of());

        public ExclusionChanges {
            excluded = List.copyOf(excluded);
            resent = List.copyOf(resent);
            superseded = List.copyOf(superseded);
            withdrawn = List.copyOf(withdrawn);
        }
    }

    private void applyExclusions(String registry, String batchId, ExclusionChanges changes, OffsetDateTime now) {
        for (Excluded e : changes.excluded()) {
            int updated = jdbc.sql("""
                    update ims_registry_exclusion set reason = :reason, outcome = :outcome, attempts = attempts + 1,
                        state = 'OPEN', resolved_batch_id = null, updated_at = :now
                    where registry = :r and message_id = :m""")
                    .param("reason", truncate(e.reason(), MAX_REASON_LENGTH)).param("outcome", e.outcome()).param("now", now)
                    .param("r", registry).param("m", e.messageId()).update();
            if (updated == 0) {
                jdbc.sql("""
                        insert into ims_registry_exclusion (registry, message_id, session_key, batch_id, state, reason,
                            outcome, attempts, created_at, updated_at)
                        values (:r, :m, :k, :b, 'OPEN', :reason, :outcome, 1, :now, :now)""")
                        .param("r", registry).param("m", e.messageId()).param("k", e.sessionKey()).param("b", batchId)
                        .param("reason", truncate(e.reason(), MAX_REASON_LENGTH)).param("outcome", e.outcome())
                        .param("now", now).update();
            }
        }
        resolve(registry, batchId, changes.resent(), RegistryExclusion.State.RESENT, now);
        resolve(registry, batchId, changes.superseded(), RegistryExclusion.State.SUPERSEDED, now);
        resolve(registry, batchId, changes.withdrawn(), RegistryExclusion.State.WITHDRAWN, now);
    }

    private void resolve(String registry, String batchId, List<Long> messageIds, RegistryExclusion.State state,
                         OffsetDateTime now) {
        for (Long m : messageIds) {
            jdbc.sql("""
                    update ims_registry_exclusion set state = :state, resolved_batch_id = :b, attempts = attempts + 1,
                        updated_at = :now
                    where registry = :r and message_id = :m and state = 'OPEN'""")
                    .param("state", state.name()).param("b", batchId).param("now", now)
                    .param("r", registry).param("m", m).update();
        }
    }

    /** The registry's exclusions still OPEN, oldest message first: every new batch tries them again. */
    public List<RegistryExclusion> openExclusions(String registry) {
        return jdbc.sql("select * from ims_registry_exclusion where registry = :r and state = 'OPEN' order by message_id")
                .param("r", registry).query(RegistryStore::exclusion).list();
    }

    /** The registry's exclusions, newest first, of one state or ({@code null}) all. */
    public List<RegistryExclusion> exclusions(String registry, RegistryExclusion.State state, int limit) {
        Map<String, Object> params = state == null ? Map.of("r", registry) : Map.of("r", registry, "s", state.name());
        return jdbc.sql("select * from ims_registry_exclusion where registry = :r"
                        + (state == null ? "" : " and state = :s") + " order by id desc")
                .params(params).query(RegistryStore::exclusion).list().stream().limit(limit).toList();
    }

    /** Exclusions that a set of batches made or resolved (first left out by, or resent / superseded in, one of them). */
    public List<RegistryExclusion> exclusionsOfBatches(String registry, Collection<String> batchIds) {
        if (batchIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select * from ims_registry_exclusion
                where registry = :r and (batch_id in (:b) or resolved_batch_id in (:b)) order by message_id""")
                .param("r", registry).param("b", List.copyOf(batchIds)).query(RegistryStore::exclusion).list();
    }

    /** Every registry's exclusion of one message (for the session status API). */
    public List<RegistryExclusion> exclusionsOfMessage(long messageId) {
        return jdbc.sql("select * from ims_registry_exclusion where message_id = :m order by registry")
                .param("m", messageId).query(RegistryStore::exclusion).list();
    }

    private static RegistryExclusion exclusion(ResultSet rs, int n) throws SQLException {
        return new RegistryExclusion(rs.getLong("id"), rs.getString("registry"), rs.getLong("message_id"),
                rs.getString("session_key"), rs.getString("batch_id"),
                RegistryExclusion.State.valueOf(rs.getString("state")), rs.getString("reason"), rs.getString("outcome"),
                rs.getInt("attempts"), rs.getString("resolved_batch_id"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }

    private static RegistryBatch batch(ResultSet rs, int n) throws SQLException {
        return new RegistryBatch(rs.getLong("id"), rs.getString("registry"), rs.getString("batch_id"),
                rs.getLong("from_message_id"), rs.getLong("to_message_id"), BatchState.valueOf(rs.getString("state")),
                rs.getInt("session_count"), rs.getInt("resource_count"), Path.of(rs.getString("staging_dir")),
                rs.getString("trigger_source"), rs.getInt("attempts"), rs.getObject("next_attempt_at", OffsetDateTime.class),
                rs.getString("last_error"), rs.getObject("transaction_time", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("delivered_at", OffsetDateTime.class));
    }
}
