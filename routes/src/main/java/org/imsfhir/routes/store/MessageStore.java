package org.imsfhir.routes.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable message store: intakes (raw payloads), messages (records), the delivery outbox and
 * the audit trail. Every state change and its audit row are written in one transaction. Plain
 * JDBC through {@link JdbcClient} with bound parameters; the same SQL runs on H2 and PostgreSQL.
 */
public class MessageStore extends JdbcStore {

    private static final int MAX_ERROR_LENGTH = 4000;
    private static final int MAX_DETAIL_LENGTH = 1000;
    private static final int MAX_ACTOR_LENGTH = 200;
    private static final int MAX_CONTENT_TYPE_LENGTH = 128;
    private static final int MAX_ORIGIN_LENGTH = 512;
    /** The actor of delivery attempts: the outbox poller, not a person or client. */
    public static final String OUTBOX_ACTOR = "outbox";

    /** Savepoints inside a transaction: one record's failed insert is undone alone. */
    private final TransactionTemplate nested;

    public MessageStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        super(dataSource, transactions, clock);
        this.nested = nested(tx);
    }

    public MessageStore(DataSource dataSource, Clock clock) {
        super(dataSource, clock);
        this.nested = nested(tx);
    }

    private static TransactionTemplate nested(TransactionTemplate tx) {
        TransactionTemplate t = new TransactionTemplate(tx.getTransactionManager());
        t.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        return t;
    }

    // ---------------------------------------------------------------- intake

    /** Stores a payload exactly as received and commits it; returns the intake id. The actor is the channel's name. */
    public long saveIntake(Channel channel, String origin, String contentType, String rawPayload) {
        return saveIntake(channel, origin, contentType, rawPayload, channel.name().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Stores a payload exactly as received and commits it; returns the intake id. {@code actor} is
     * who sent it (client id, certificate subject, "inbox"); every audit row of its records names it.
     * Whatever a sender sends fits: the content type and origin are cut to their columns, and the one
     * character PostgreSQL text cannot hold (U+0000) is kept as U+FFFD.
     */
    public long saveIntake(Channel channel, String origin, String contentType, String rawPayload, String actor) {
        return tx.execute(status -> {
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql("""
                    insert into ims_intake (channel, origin, content_type, raw_payload, received_at, actor)
                    values (:channel, :origin, :contentType, :raw, :now, :actor)""")
                    .param("actor", truncate(storable(actor), MAX_ACTOR_LENGTH))
                    .param("channel", channel.name())
                    .param("origin", truncate(storable(origin), MAX_ORIGIN_LENGTH))
                    .param("contentType", truncate(storable(contentType), MAX_CONTENT_TYPE_LENGTH))
                    .param("raw", storable(rawPayload))
                    .param("now", now())
                    .update(keys, "id");
            return keys.getKey().longValue();
        });
    }

    /** Stores the records read from an intake, each RECEIVED; returns their message ids in order. */
    public List<Long> addReceived(long intakeId, List<NewRecord> records) {
        return addReceivedRecords(intakeId, records).stream().map(MessageIds::id).toList();
    }

    /**
     * A stored message's internal key and the opaque id the API shows; {@code keyRefused} when the
     * store refused its session key (a database limit) and it was kept without one.
     */
    public record MessageIds(long id, String publicId, boolean keyRefused) {
        public MessageIds(long id, String publicId) {
            this(id, publicId, false);
        }
    }

    /**
     * As {@link #addReceived}, with each message's public id. All records or none are stored (one
     * transaction). Should the database refuse a record's session key although the intake checked
     * its length (a limit of the database not known here), the records are stored again each under
     * a savepoint, and the refused one without its key ({@link MessageIds#keyRefused()}), so that
     * one record never keeps the others out.
     */
    public List<MessageIds> addReceivedRecords(long intakeId, List<NewRecord> records) {
        try {
            return tx.execute(status -> insertReceived(intakeId, records, false));
        } catch (DataIntegrityViolationException refused) {
            return tx.execute(status -> insertReceived(intakeId, records, true));
        }
    }

    private List<MessageIds> insertReceived(long intakeId, List<NewRecord> records, boolean oneByOne) {
        List<MessageIds> ids = new ArrayList<>(records.size());
        OffsetDateTime now = now();
        for (NewRecord record : records) {
            if (!oneByOne) {
                ids.add(insertReceived(intakeId, record, record.sessionKey(), now));
                continue;
            }
            try {
                ids.add(nested.execute(s -> insertReceived(intakeId, record, record.sessionKey(), now)));
            } catch (DataIntegrityViolationException e) {
                MessageIds kept = insertReceived(intakeId, record, null, now);
                ids.add(new MessageIds(kept.id(), kept.publicId(), true));
            }
        }
        return ids;
    }

    private MessageIds insertReceived(long intakeId, NewRecord record, String sessionKey, OffsetDateTime now) {
        String publicId = PublicIds.next();
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into ims_message (public_id, intake_id, record_index, session_key, content_type, raw_payload,
                                         status, received_at, updated_at)
                values (:publicId, :intakeId, :index, :key, :contentType, :raw, :status, :now, :now)""")
                .param("publicId", publicId)
                .param("intakeId", intakeId)
                .param("index", record.index())
                .param("key", sessionKey)
                .param("contentType", truncate(record.contentType(), MAX_CONTENT_TYPE_LENGTH))
                .param("raw", storable(record.rawPayload()))
                .param("status", MessageStatus.RECEIVED.name())
                .param("now", now)
                .update(keys, "id");
        long id = keys.getKey().longValue();
        audit(id, null, null, null, MessageStatus.RECEIVED.name(), null, now);
        return new MessageIds(id, publicId);
    }

    /**
     * Sets an intake aside that could not be judged (a poison intake at recovery), in one
     * transaction: every record of it still RECEIVED becomes REJECTED with {@code outcomeJson}; an
     * intake never split into records gets one message holding its raw payload, REJECTED alike (so
     * the reason is visible through the API); the intake is marked processed. Returns the messages
     * rejected.
     */
    public int setAside(long intakeId, String outcomeJson, String detail) {
        return tx.execute(status -> {
            OffsetDateTime now = now();
            long stored = jdbc.sql("select count(*) from ims_message where intake_id = :id")
                    .param("id", intakeId).query(Long.class).single();
            if (stored == 0) {
                // Copied inside the database: the payload may be large, and is not needed here.
                jdbc.sql("""
                        insert into ims_message (public_id, intake_id, record_index, session_key, content_type, raw_payload,
                                                 status, received_at, updated_at)
                        select :publicId, id, 0, null, content_type, raw_payload, :status, :now, :now
                        from ims_intake where id = :id""")
                        .param("publicId", PublicIds.next()).param("status", MessageStatus.RECEIVED.name())
                        .param("now", now).param("id", intakeId)
                        .update();
                jdbc.sql("select id from ims_message where intake_id = :id").param("id", intakeId).query(Long.class).list()
                        .forEach(m -> audit(m, null, null, null, MessageStatus.RECEIVED.name(), null, now));
            }
            List<Long> open = jdbc.sql("select id from ims_message where intake_id = :id and status = :received order by id")
                    .param("id", intakeId).param("received", MessageStatus.RECEIVED.name()).query(Long.class).list();
            for (long messageId : open) {
                jdbc.sql("update ims_message set status = :to, outcome = :outcome, updated_at = :now where id = :id and status = :from")
                        .param("to", MessageStatus.REJECTED.name()).param("outcome", outcomeJson).param("now", now)
                        .param("id", messageId).param("from", MessageStatus.RECEIVED.name())
                        .update();
                audit(messageId, null, null, MessageStatus.RECEIVED.name(), MessageStatus.REJECTED.name(), detail, now);
            }
            jdbc.sql("update ims_intake set processed_at = :now where id = :id").param("now", now).param("id", intakeId).update();
            return open.size();
        });
    }

    /** RECEIVED → REJECTED, keeping the reasons (an OperationOutcome). */
    public void reject(long messageId, String outcomeJson) {
        tx.executeWithoutResult(status -> {
            OffsetDateTime now = now();
            int changed = jdbc.sql("""
                    update ims_message set status = :to, outcome = :outcome, updated_at = :now
                    where id = :id and status = :from""")
                    .param("to", MessageStatus.REJECTED.name())
                    .param("outcome", outcomeJson)
                    .param("now", now)
                    .param("id", messageId)
                    .param("from", MessageStatus.RECEIVED.name())
                    .update();
            requireOne(changed, messageId);
            audit(messageId, null, null, MessageStatus.RECEIVED.name(), MessageStatus.REJECTED.name(), null, now);
        });
    }

    /**
     * RECEIVED → VALID with the bundle to send, and one PENDING delivery per destination, in one
     * transaction (the outbox: nothing is queued unless the message is VALID, and vice versa).
     */
    public List<Long> accept(long messageId, String outcomeJson, String bundleJson, Collection<String> destinations) {
        return tx.execute(status -> {
            OffsetDateTime now = now();
            int changed = jdbc.sql("""
                    update ims_message set status = :to, outcome = :outcome, bundle = :bundle, updated_at = :now
                    where id = :id and status = :from""")
                    .param("to", MessageStatus.VALID.name())
                    .param("outcome", outcomeJson)
                    .param("bundle", bundleJson)
                    .param("now", now)
                    .param("id", messageId)
                    .param("from", MessageStatus.RECEIVED.name())
                    .update();
            requireOne(changed, messageId);
            audit(messageId, null, null, MessageStatus.RECEIVED.name(), MessageStatus.VALID.name(), null, now);
            String sessionKey = jdbc.sql("select session_key from ims_message where id = :id")
                    .param("id", messageId).query(String.class).single();
            List<Long> ids = new ArrayList<>();
            for (String destination : destinations) {
                GeneratedKeyHolder keys = new GeneratedKeyHolder();
                jdbc.sql("""
                        insert into ims_delivery (public_id, message_id, destination, session_key, status, attempts,
                                                  next_attempt_at, created_at, updated_at)
                        values (:publicId, :messageId, :destination, :key, :status, 0, :now, :now, :now)""")
                        .param("publicId", PublicIds.next())
                        .param("messageId", messageId)
                        .param("destination", destination)
                        .param("key", sessionKey)
                        .param("status", DeliveryStatus.PENDING.name())
                        .param("now", now)
                        .update(keys, "id");
                long deliveryId = keys.getKey().longValue();
                audit(messageId, deliveryId, destination, null, DeliveryStatus.PENDING.name(), null, now);
                ids.add(deliveryId);
            }
            return ids;
        });
    }

    /** Marks an intake as fully judged (so start-up recovery leaves it alone). */
    public void markIntakeProcessed(long intakeId) {
        jdbc.sql("update ims_intake set processed_at = :now where id = :id")
                .param("now", now()).param("id", intakeId).update();
    }

    /** Intakes stored but not fully judged (the process stopped in between), oldest first. */
    public List<Long> unprocessedIntakes() {
        return jdbc.sql("select id from ims_intake where processed_at is null order by id").query(Long.class).list();
    }

    /** As {@link #unprocessedIntakes()}, only those received before the given time (an earlier run's). */
    public List<Long> unprocessedIntakes(OffsetDateTime before) {
        return jdbc.sql("select id from ims_intake where processed_at is null and received_at < :before order by id")
                .param("before", before.withOffsetSameInstant(ZoneOffset.UTC)).query(Long.class).list();
    }

    public Optional<StoredIntake> intake(long intakeId) {
        return jdbc.sql("select id, channel, origin, content_type, raw_payload from ims_intake where id = :id")
                .param("id", intakeId)
                .query((rs, n) -> new StoredIntake(rs.getLong("id"), Channel.valueOf(rs.getString("channel")),
                        rs.getString("origin"), rs.getString("content_type"), rs.getString("raw_payload")))
                .optional();
    }

    /** A stored intake: the raw payload and how it came. */
    public record StoredIntake(long id, Channel channel, String origin, String contentType, String rawPayload) {
    }

    public List<StoredMessage> messagesOfIntake(long intakeId) {
        return jdbc.sql(MESSAGE_SELECT + " where intake_id = :id order by record_index")
                .param("id", intakeId).query(MessageStore::message).list();
    }

    // ---------------------------------------------------------------- lookups

    private static final String MESSAGE_SELECT = """
            select id, public_id, intake_id, record_index, session_key, content_type, raw_payload, status, outcome, bundle,
                   received_at, updated_at
            from ims_message""";

    private static final String DELIVERY_SELECT = """
            select d.id, d.public_id, d.message_id, m.public_id as message_public_id, d.destination, d.session_key,
                   d.status, d.attempts, d.next_attempt_at, d.last_error, d.response_status, d.response_body,
                   d.created_at, d.updated_at, d.delivered_at
            from ims_delivery d join ims_message m on m.id = d.message_id""";

    public Optional<StoredMessage> message(long messageId) {
        return jdbc.sql(MESSAGE_SELECT + " where id = :id").param("id", messageId)
                .query(MessageStore::message).optional();
    }

    public List<StoredDelivery> deliveriesOf(long messageId) {
        return jdbc.sql(DELIVERY_SELECT + " where d.message_id = :id order by d.destination")
                .param("id", messageId).query(MessageStore::delivery).list();
    }

    public Optional<StoredDelivery> delivery(long deliveryId) {
        return jdbc.sql(DELIVERY_SELECT + " where d.id = :id").param("id", deliveryId)
                .query(MessageStore::delivery).optional();
    }

    public List<StoredDelivery> deliveries(String destination, DeliveryStatus status, int limit) {
        return jdbc.sql(DELIVERY_SELECT + " where d.destination = :destination and d.status = :status order by d.id limit :limit")
                .param("destination", destination).param("status", status.name()).param("limit", limit)
                .query(MessageStore::delivery).list();
    }

    /**
     * As {@link #deliveries(String, DeliveryStatus, int)} (LIKE's default escape, a backslash, on H2 and PostgreSQL), only of sessions whose source system is one
     * of {@code sourceSystems} (the session key is {@code source.system|sessionId}).
     */
    public List<StoredDelivery> deliveries(String destination, DeliveryStatus status, Collection<String> sourceSystems,
                                           int limit) {
        if (sourceSystems.isEmpty()) {
            return List.of();
        }
        StringBuilder where = new StringBuilder();
        Map<String, Object> params = new java.util.HashMap<>();
        int i = 0;
        for (String system : sourceSystems) {
            where.append(i == 0 ? "" : " or ").append("d.session_key like :s").append(i);
            params.put("s" + i, likePrefix(system + "|"));
            i++;
        }
        return jdbc.sql(DELIVERY_SELECT + " where d.destination = :destination and d.status = :status and ("
                        + where + ") order by d.id limit :limit")
                .params(params)
                .param("destination", destination).param("status", status.name()).param("limit", limit)
                .query(MessageStore::delivery).list();
    }

    /** The message with this public id (the id the API shows). */
    public Optional<StoredMessage> message(String publicId) {
        return jdbc.sql(MESSAGE_SELECT + " where public_id = :id").param("id", publicId)
                .query(MessageStore::message).optional();
    }

    /** The delivery with this public id (the id the API shows). */
    public Optional<StoredDelivery> delivery(String publicId) {
        return jdbc.sql(DELIVERY_SELECT + " where d.public_id = :id").param("id", publicId)
                .query(MessageStore::delivery).optional();
    }

    /** The public id of a message, or null when there is none with this key. */
    public String publicIdOf(long messageId) {
        return jdbc.sql("select public_id from ims_message where id = :id").param("id", messageId)
                .query(String.class).optional().orElse(null);
    }

    /** Who sent an intake (see {@link #saveIntake(Channel, String, String, String, String)}). */
    public Optional<String> intakeActor(long intakeId) {
        return jdbc.sql("select actor from ims_intake where id = :id").param("id", intakeId)
                .query(String.class).optional();
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    public List<AuditEntry> auditOf(long messageId) {
        return jdbc.sql("""
                select id, message_id, delivery_id, destination, from_status, to_status, detail, at, actor
                from ims_audit where message_id = :id order by id""")
                .param("id", messageId)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getLong("message_id"),
                        (Long) rs.getObject("delivery_id", Long.class), rs.getString("destination"),
                        rs.getString("from_status"), rs.getString("to_status"), rs.getString("detail"),
                        rs.getObject("at", OffsetDateTime.class), rs.getString("actor")))
                .list();
    }

    public long countMessages(MessageStatus status) {
        return jdbc.sql("select count(*) from ims_message where status = :status")
                .param("status", status.name()).query(Long.class).single();
    }

    /** Deliveries per destination and status: {@code destination -> status -> count}. */
    public Map<String, Map<DeliveryStatus, Long>> deliverySummary() {
        Map<String, Map<DeliveryStatus, Long>> summary = new TreeMap<>();
        jdbc.sql("select destination, status, count(*) as n from ims_delivery group by destination, status")
                .query(rs -> {
                    summary.computeIfAbsent(rs.getString("destination"), d -> new EnumMap<>(DeliveryStatus.class))
                            .put(DeliveryStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                });
        return summary;
    }

    /** Deliveries in a status whose session key starts with {@code keyPrefix} (e.g. one sender's system). */
    public long countDeliveries(DeliveryStatus status, String keyPrefix) {
        return jdbc.sql("select count(*) from ims_delivery where status = :status and session_key like :prefix")
                .param("status", status.name()).param("prefix", likePrefix(keyPrefix))
                .query(Long.class).single();
    }

    public long countDeliveries(DeliveryStatus status) {
        return jdbc.sql("select count(*) from ims_delivery where status = :status")
                .param("status", status.name()).query(Long.class).single();
    }

    // ---------------------------------------------------------------- outbox

    /**
     * Claims up to {@code limit} due deliveries for one attempt each, leasing them to {@code owner}.
     * Only the oldest PENDING delivery of a session key per destination is ever due, so a later
     * version of a session never overtakes an earlier one. A lease that ran out (its holder died)
     * makes the delivery claimable again.
     */
    public List<DeliveryTask> claimDue(int limit, String owner, Duration lease) {
        OffsetDateTime now = now();
        List<Long> candidates = jdbc.sql("""
                select d.id from ims_delivery d
                where d.status = :pending and d.next_attempt_at <= :now
                  and (d.lease_until is null or d.lease_until < :now)
                  and not exists (select 1 from ims_delivery e
                                  where e.destination = d.destination and e.session_key = d.session_key
                                    and e.status = :pending and e.id < d.id)
                order by d.next_attempt_at, d.id
                limit :limit""")
                .param("pending", DeliveryStatus.PENDING.name())
                .param("now", now)
                .param("limit", limit)
                .query(Long.class).list();
        List<DeliveryTask> claimed = new ArrayList<>(candidates.size());
        for (long id : candidates) {
            // The conditional update is the claim: of two pollers only one changes the row.
            int changed = jdbc.sql("""
                    update ims_delivery set lease_owner = :owner, lease_until = :until
                    where id = :id and status = :pending and (lease_until is null or lease_until < :now)""")
                    .param("owner", owner)
                    .param("until", now.plus(lease))
                    .param("id", id)
                    .param("pending", DeliveryStatus.PENDING.name())
                    .param("now", now)
                    .update();
            if (changed == 1) {
                jdbc.sql("""
                        select d.id, d.message_id, d.destination, d.session_key, d.attempts, m.bundle, m.intake_id,
                               m.received_at
                        from ims_delivery d join ims_message m on m.id = d.message_id where d.id = :id""")
                        .param("id", id)
                        .query((rs, n) -> new DeliveryTask(rs.getLong("id"), rs.getLong("message_id"),
                                rs.getString("destination"), rs.getString("session_key"), rs.getInt("attempts"),
                                rs.getString("bundle"), rs.getLong("intake_id"),
                                rs.getObject("received_at", OffsetDateTime.class)))
                        .optional().ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    /** Frees the leases a previous run of this node held (it was stopped or killed mid-attempt). */
    public int releaseLeases(String owner) {
        return jdbc.sql("update ims_delivery set lease_owner = null, lease_until = null where lease_owner = :owner")
                .param("owner", owner).update();
    }

    /** PENDING → DELIVERED with the receiver's answer. */
    public void markDelivered(long deliveryId, int responseStatus, String responseBody) {
        finish(deliveryId, DeliveryStatus.DELIVERED, null, responseStatus, responseBody, "delivered");
    }

    /** PENDING → DEAD with the reasons. */
    public void markDead(long deliveryId, String error, Integer responseStatus, String responseBody) {
        finish(deliveryId, DeliveryStatus.DEAD, error, responseStatus, responseBody, error);
    }

    /** Stays PENDING: counts the failed attempt and sets the time of the next one. */
    public void scheduleRetry(long deliveryId, String error, Integer responseStatus, String responseBody,
                              OffsetDateTime nextAttemptAt) {
        tx.executeWithoutResult(status -> {
            OffsetDateTime now = now();
            int changed = jdbc.sql("""
                    update ims_delivery set attempts = attempts + 1, next_attempt_at = :next, last_error = :error,
                           response_status = :responseStatus, response_body = :responseBody,
                           lease_owner = null, lease_until = null, updated_at = :now
                    where id = :id and status = :pending""")
                    .param("next", nextAttemptAt.withOffsetSameInstant(ZoneOffset.UTC))
                    .param("error", truncate(error, MAX_ERROR_LENGTH))
                    .param("responseStatus", responseStatus)
                    .param("responseBody", responseBody)
                    .param("now", now)
                    .param("id", deliveryId)
                    .param("pending", DeliveryStatus.PENDING.name())
                    .update();
            requireOne(changed, deliveryId);
            // Not a change of status, but every failed attempt is part of the trail.
            auditDelivery(deliveryId, DeliveryStatus.PENDING.name(), DeliveryStatus.PENDING.name(),
                    "attempt failed, next at " + nextAttemptAt.withOffsetSameInstant(ZoneOffset.UTC) + ": " + error,
                    OUTBOX_ACTOR, now);
        });
    }

    private void finish(long deliveryId, DeliveryStatus to, String error, Integer responseStatus, String responseBody,
                        String detail) {
        tx.executeWithoutResult(status -> {
            OffsetDateTime now = now();
            int changed = jdbc.sql("""
                    update ims_delivery set status = :to, attempts = attempts + 1, last_error = :error,
                           response_status = :responseStatus, response_body = :responseBody,
                           lease_owner = null, lease_until = null, updated_at = :now,
                           delivered_at = :deliveredAt
                    where id = :id and status = :pending""")
                    .param("to", to.name())
                    .param("error", truncate(error, MAX_ERROR_LENGTH))
                    .param("responseStatus", responseStatus)
                    .param("responseBody", responseBody)
                    .param("now", now)
                    .param("deliveredAt", to == DeliveryStatus.DELIVERED ? now : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                    .param("id", deliveryId)
                    .param("pending", DeliveryStatus.PENDING.name())
                    .update();
            requireOne(changed, deliveryId);
            auditDelivery(deliveryId, DeliveryStatus.PENDING.name(), to.name(), detail, OUTBOX_ACTOR, now);
        });
    }

    /**
     * DEAD → PENDING for a fresh round of attempts. Idempotent: a delivery that is not DEAD is left
     * as it is. A dead delivery whose session has a later version pending or delivered to the same
     * destination is not replayed, since resending it would overtake that later version.
     */
    public ReplayResult replay(long deliveryId) {
        return replay(deliveryId, "system");
    }

    /** As {@link #replay(long)}, audited with the actor who asked for it. */
    public ReplayResult replay(long deliveryId, String actor) {
        return tx.execute(status -> {
            Optional<StoredDelivery> found = delivery(deliveryId);
            if (found.isEmpty()) {
                return new ReplayResult(deliveryId, ReplayResult.Outcome.NOT_FOUND, null);
            }
            StoredDelivery d = found.get();
            if (d.status() != DeliveryStatus.DEAD) {
                return new ReplayResult(deliveryId, ReplayResult.Outcome.UNCHANGED, d.status());
            }
            long later = jdbc.sql("""
                    select count(*) from ims_delivery
                    where destination = :destination and session_key = :key and id > :id and status <> :dead""")
                    .param("destination", d.destination()).param("key", d.sessionKey()).param("id", d.id())
                    .param("dead", DeliveryStatus.DEAD.name())
                    .query(Long.class).single();
            if (later > 0) {
                return new ReplayResult(deliveryId, ReplayResult.Outcome.SUPERSEDED, d.status());
            }
            OffsetDateTime now = now();
            int changed = jdbc.sql("""
                    update ims_delivery set status = :pending, attempts = 0, next_attempt_at = :now,
                           lease_owner = null, lease_until = null, updated_at = :now
                    where id = :id and status = :dead""")
                    .param("pending", DeliveryStatus.PENDING.name()).param("now", now)
                    .param("id", deliveryId).param("dead", DeliveryStatus.DEAD.name())
                    .update();
            if (changed != 1) {
                return new ReplayResult(deliveryId, ReplayResult.Outcome.UNCHANGED, d.status());
            }
            auditDelivery(deliveryId, DeliveryStatus.DEAD.name(), DeliveryStatus.PENDING.name(), "replay", actor, now);
            return new ReplayResult(deliveryId, ReplayResult.Outcome.REPLAYED, DeliveryStatus.PENDING);
        });
    }

    /** Replays every DEAD delivery of a destination (see {@link #replay(long)}). */
    public List<ReplayResult> replayAll(String destination) {
        return replayAll(destination, "system");
    }

    /** As {@link #replayAll(String)}, audited with the actor who asked for it. */
    public List<ReplayResult> replayAll(String destination, String actor) {
        List<Long> dead = jdbc.sql("select id from ims_delivery where destination = :destination and status = :dead order by id")
                .param("destination", destination).param("dead", DeliveryStatus.DEAD.name())
                .query(Long.class).list();
        List<ReplayResult> results = new ArrayList<>(dead.size());
        for (long id : dead) {
            results.add(replay(id, actor));
        }
        return results;
    }

    // ---------------------------------------------------------------- helpers

    private void auditDelivery(long deliveryId, String from, String to, String detail, String actor, OffsetDateTime now) {
        jdbc.sql("""
                insert into ims_audit (message_id, delivery_id, destination, from_status, to_status, detail, at, actor)
                select message_id, id, destination, :from, :to, :detail, :now, :actor from ims_delivery where id = :id""")
                .param("from", from).param("to", to).param("detail", truncate(detail, MAX_DETAIL_LENGTH))
                .param("now", now).param("id", deliveryId).param("actor", truncate(actor, MAX_ACTOR_LENGTH))
                .update();
    }

    private void audit(long messageId, Long deliveryId, String destination, String from, String to, String detail,
                       OffsetDateTime now) {
        jdbc.sql("""
                insert into ims_audit (message_id, delivery_id, destination, from_status, to_status, detail, at, actor)
                select :messageId, :deliveryId, :destination, :from, :to, :detail, :now, i.actor
                from ims_message m join ims_intake i on i.id = m.intake_id where m.id = :messageId""")
                .param("messageId", messageId).param("deliveryId", deliveryId).param("destination", destination)
                .param("from", from).param("to", to).param("detail", truncate(detail, MAX_DETAIL_LENGTH))
                .param("now", now)
                .update();
    }

    /** Text as the store keeps it: U+0000, which PostgreSQL text cannot hold, becomes U+FFFD (H2 alike, for one behaviour). */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    private static void requireOne(int changed, long id) {
        if (changed != 1) {
            throw new IllegalStateException("Row " + id + " was not in the expected state");
        }
    }

    private static StoredMessage message(ResultSet rs, int row) throws SQLException {
        return new StoredMessage(rs.getLong("id"), rs.getLong("intake_id"), rs.getInt("record_index"),
                rs.getString("session_key"), rs.getString("content_type"), rs.getString("raw_payload"),
                MessageStatus.valueOf(rs.getString("status")), rs.getString("outcome"), rs.getString("bundle"),
                rs.getObject("received_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getString("public_id"));
    }

    private static StoredDelivery delivery(ResultSet rs, int row) throws SQLException {
        return new StoredDelivery(rs.getLong("id"), rs.getLong("message_id"), rs.getString("destination"),
                rs.getString("session_key"), DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getString("last_error"),
                (Integer) rs.getObject("response_status", Integer.class), rs.getString("response_body"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("delivered_at", OffsetDateTime.class), rs.getString("public_id"),
                rs.getString("message_public_id"));
    }
}
