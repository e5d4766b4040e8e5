package org.imsfhir.routes.store;

import static org.imsfhir.routes.store.StoreRows.requireOne;
import static org.imsfhir.routes.store.StoreRows.storable;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Intake: payloads stored exactly as received, their records, and the verdicts on them. A record
 * judged VALID gets its PENDING deliveries (the outbox) in the same transaction. Each intake is
 * held by the node that received it (or took it over at recovery) until it is fully judged; the
 * holder's liveness ({@link NodeRegistry}) decides when another node may finish it.
 */
public class IntakeStore extends JdbcStore {

    private static final int MAX_ACTOR_LENGTH = 200;
    private static final int MAX_CONTENT_TYPE_LENGTH = 128;
    private static final int MAX_ORIGIN_LENGTH = 512;

    private final String nodeId;
    private final AuditTrail audit;
    /** Savepoints inside a transaction: one record's failed insert is undone alone. */
    private final TransactionTemplate nested;

    /** @param nodeId the node that holds the intakes this store saves (see {@link #takeAbandoned}) */
    public IntakeStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock, String nodeId) {
        super(dataSource, transactions, clock);
        this.nodeId = nodeId;
        this.audit = new AuditTrail(jdbc);
        this.nested = new TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /** Stores a payload exactly as received and commits it; returns the intake id. The actor is the channel's name. */
    public long saveIntake(Channel channel, String origin, String contentType, String rawPayload) {
        return saveIntake(channel, origin, contentType, rawPayload, channel.name().toLowerCase(Locale.ROOT));
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
                    insert into ims_intake (channel, origin, content_type, raw_payload, received_at, actor, node_id, node_since)
                    values (:channel, :origin, :contentType, :raw, :now, :actor, :node, current_timestamp)""")
                    .param("actor", truncate(storable(actor), MAX_ACTOR_LENGTH))
                    .param("channel", channel.name())
                    .param("origin", truncate(storable(origin), MAX_ORIGIN_LENGTH))
                    .param("contentType", truncate(storable(contentType), MAX_CONTENT_TYPE_LENGTH))
                    .param("raw", storable(rawPayload))
                    .param("now", now())
                    .param("node", nodeId)
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
        audit.message(id, null, null, null, MessageStatus.RECEIVED.name(), null, now);
        return new MessageIds(id, publicId);
    }

    /** RECEIVED → REJECTED, keeping the reasons (an OperationOutcome). */
    public void reject(long messageId, String outcomeJson) {
        tx.executeWithoutResult(status -> {
            OffsetDateTime now = now();
            requireOne(toRejected(messageId, outcomeJson, now), messageId);
            audit.message(messageId, null, null, MessageStatus.RECEIVED.name(), MessageStatus.REJECTED.name(), null, now);
        });
    }

    private int toRejected(long messageId, String outcomeJson, OffsetDateTime now) {
        return jdbc.sql("""
                update ims_message set status = :to, outcome = :outcome, updated_at = :now
                where id = :id and status = :from""")
                .param("to", MessageStatus.REJECTED.name()).param("outcome", outcomeJson).param("now", now)
                .param("id", messageId).param("from", MessageStatus.RECEIVED.name())
                .update();
    }

    /**
     * RECEIVED → VALID with the bundle to send, and one PENDING delivery per destination, due now
     * by the database's clock, in one transaction (the outbox: nothing is queued unless the message
     * is VALID, and vice versa).
     */
    public List<Long> accept(long messageId, String outcomeJson, String bundleJson, Collection<String> destinations) {
        return tx.execute(status -> {
            OffsetDateTime now = now();
            int changed = jdbc.sql("""
                    update ims_message set status = :to, outcome = :outcome, bundle = :bundle, updated_at = :now
                    where id = :id and status = :from""")
                    .param("to", MessageStatus.VALID.name()).param("outcome", outcomeJson).param("bundle", bundleJson)
                    .param("now", now).param("id", messageId).param("from", MessageStatus.RECEIVED.name())
                    .update();
            requireOne(changed, messageId);
            audit.message(messageId, null, null, MessageStatus.RECEIVED.name(), MessageStatus.VALID.name(), null, now);
            String sessionKey = jdbc.sql("select session_key from ims_message where id = :id")
                    .param("id", messageId).query(String.class).single();
            List<Long> ids = new ArrayList<>();
            for (String destination : destinations) {
                GeneratedKeyHolder keys = new GeneratedKeyHolder();
                jdbc.sql("""
                        insert into ims_delivery (public_id, message_id, destination, session_key, status, attempts,
                                                  next_attempt_at, created_at, updated_at)
                        values (:publicId, :messageId, :destination, :key, :status, 0, current_timestamp, :now, :now)""")
                        .param("publicId", PublicIds.next()).param("messageId", messageId)
                        .param("destination", destination).param("key", sessionKey)
                        .param("status", DeliveryStatus.PENDING.name()).param("now", now)
                        .update(keys, "id");
                long deliveryId = keys.getKey().longValue();
                audit.message(messageId, deliveryId, destination, null, DeliveryStatus.PENDING.name(), null, now);
                ids.add(deliveryId);
            }
            return ids;
        });
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
                        .forEach(m -> audit.message(m, null, null, null, MessageStatus.RECEIVED.name(), null, now));
            }
            List<Long> open = jdbc.sql("select id from ims_message where intake_id = :id and status = :received order by id")
                    .param("id", intakeId).param("received", MessageStatus.RECEIVED.name()).query(Long.class).list();
            for (long messageId : open) {
                toRejected(messageId, outcomeJson, now);
                audit.message(messageId, null, null, MessageStatus.RECEIVED.name(), MessageStatus.REJECTED.name(), detail, now);
            }
            jdbc.sql("update ims_intake set processed_at = :now where id = :id").param("now", now).param("id", intakeId).update();
            return open.size();
        });
    }

    /** Marks an intake as fully judged (so recovery leaves it alone). */
    public void markIntakeProcessed(long intakeId) {
        jdbc.sql("update ims_intake set processed_at = :now where id = :id")
                .param("now", now()).param("id", intakeId).update();
    }

    /** Intakes stored but not fully judged, by any node, oldest first. */
    public List<Long> unprocessedIntakes() {
        return jdbc.sql("select id from ims_intake where processed_at is null order by id").query(Long.class).list();
    }

    /**
     * Takes over up to {@code limit} abandoned intakes for this node and returns them, oldest first:
     * not fully judged, held for longer than {@code lease} by the database's clock, and by a node
     * that is gone (no heartbeat within {@code lease}, see {@link NodeRegistry}). A live node's
     * intakes are never taken, however long its judging takes. SKIP LOCKED: two nodes recovering at
     * once split the work.
     */
    public List<Long> takeAbandoned(int limit, Duration lease) {
        return tx.execute(status -> {
            List<Long> ids = jdbc.sql("""
                    select i.id from ims_intake i
                    where i.processed_at is null
                      and (i.node_since is null or i.node_since < current_timestamp - cast(:ms as bigint) * interval '0.001' second)
                      and not exists (select 1 from ims_node n
                                      where n.id = i.node_id and n.heartbeat_at >= current_timestamp - cast(:ms as bigint) * interval '0.001' second)
                    order by i.id
                    limit :limit
                    for update skip locked""")
                    .param("ms", lease.toMillis()).param("limit", limit)
                    .query(Long.class).list();
            if (!ids.isEmpty()) {
                jdbc.sql("update ims_intake set node_id = :node, node_since = current_timestamp where id in (:ids)")
                        .param("node", nodeId).param("ids", ids).update();
            }
            return ids;
        });
    }

    public Optional<StoredIntake> intake(long intakeId) {
        return jdbc.sql("select id, channel, origin, content_type, raw_payload, actor from ims_intake where id = :id")
                .param("id", intakeId)
                .query((rs, n) -> new StoredIntake(rs.getLong("id"), Channel.valueOf(rs.getString("channel")),
                        rs.getString("origin"), rs.getString("content_type"), rs.getString("raw_payload"),
                        rs.getString("actor")))
                .optional();
    }

    /** A stored intake: the raw payload, how it came and who sent it. */
    public record StoredIntake(long id, Channel channel, String origin, String contentType, String rawPayload, String actor) {
    }

    /** The records of an intake in their order (what recovery judges again). */
    public List<StoredMessage> messagesOfIntake(long intakeId) {
        return jdbc.sql(StoreRows.MESSAGE_SELECT + " where intake_id = :id order by record_index")
                .param("id", intakeId).query(StoreRows::message).list();
    }
}
