package org.imsfhir.routes.store;

import static org.imsfhir.routes.store.StoreRows.DELIVERY_SELECT;
import static org.imsfhir.routes.store.StoreRows.MESSAGE_SELECT;
import static org.imsfhir.routes.store.StoreRows.likePrefix;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.transaction.PlatformTransactionManager;

/** Read-only views of messages, deliveries and their audit trail, for the API and status pages. */
public class StatusQueries extends JdbcStore {

    public StatusQueries(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        super(dataSource, transactions, clock);
    }

    public Optional<StoredMessage> message(long messageId) {
        return jdbc.sql(MESSAGE_SELECT + " where id = :id").param("id", messageId)
                .query(StoreRows::message).optional();
    }

    /** The message with this public id (the id the API shows). */
    public Optional<StoredMessage> message(String publicId) {
        return jdbc.sql(MESSAGE_SELECT + " where public_id = :id").param("id", publicId)
                .query(StoreRows::message).optional();
    }

    /** The public id of a message, or null when there is none with this key. */
    public String publicIdOf(long messageId) {
        return jdbc.sql("select public_id from ims_message where id = :id").param("id", messageId)
                .query(String.class).optional().orElse(null);
    }

    /** Who sent an intake (see {@link IntakeStore#saveIntake(Channel, String, String, String, String)}). */
    public Optional<String> intakeActor(long intakeId) {
        return jdbc.sql("select actor from ims_intake where id = :id").param("id", intakeId)
                .query(String.class).optional();
    }

    public List<StoredDelivery> deliveriesOf(long messageId) {
        return jdbc.sql(DELIVERY_SELECT + " where d.message_id = :id order by d.destination")
                .param("id", messageId).query(StoreRows::delivery).list();
    }

    public Optional<StoredDelivery> delivery(long deliveryId) {
        return jdbc.sql(DELIVERY_SELECT + " where d.id = :id").param("id", deliveryId)
                .query(StoreRows::delivery).optional();
    }

    /** The delivery with this public id (the id the API shows). */
    public Optional<StoredDelivery> delivery(String publicId) {
        return jdbc.sql(DELIVERY_SELECT + " where d.public_id = :id").param("id", publicId)
                .query(StoreRows::delivery).optional();
    }

    public List<StoredDelivery> deliveries(String destination, DeliveryStatus status, int limit) {
        return jdbc.sql(DELIVERY_SELECT + " where d.destination = :destination and d.status = :status order by d.id limit :limit")
                .param("destination", destination).param("status", status.name()).param("limit", limit)
                .query(StoreRows::delivery).list();
    }

    /**
     * As {@link #deliveries(String, DeliveryStatus, int)}, only of sessions whose source system is one
     * of {@code sourceSystems} (the session key is {@code source.system|sessionId}).
     */
    public List<StoredDelivery> deliveries(String destination, DeliveryStatus status, Collection<String> sourceSystems,
                                           int limit) {
        if (sourceSystems.isEmpty()) {
            return List.of();
        }
        // One bound LIKE parameter per system; the SQL text holds only their names.
        StringBuilder where = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
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
                .query(StoreRows::delivery).list();
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
}
