package org.imsfhir.routes.store;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes the audit rows of message and delivery state changes ({@code ims_audit}, never updated),
 * always inside the transaction of the change itself.
 */
final class AuditTrail {

    private static final int MAX_DETAIL_LENGTH = 1000;
    private static final int MAX_ACTOR_LENGTH = 200;

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A change of a message (or of one of its deliveries, when created), by the sender of its intake. */
    void message(long messageId, Long deliveryId, String destination, String from, String to, String detail,
                 OffsetDateTime now) {
        jdbc.sql("""
                insert into ims_audit (message_id, delivery_id, destination, from_status, to_status, detail, at, actor)
                select :messageId, :deliveryId, :destination, :from, :to, :detail, :now, i.actor
                from ims_message m join ims_intake i on i.id = m.intake_id where m.id = :messageId""")
                .param("messageId", messageId).param("deliveryId", deliveryId).param("destination", destination)
                .param("from", from).param("to", to).param("detail", JdbcStore.truncate(detail, MAX_DETAIL_LENGTH))
                .param("now", now)
                .update();
    }

    /** A change of a delivery by {@code actor} (the outbox, or whoever asked for a replay). */
    void delivery(long deliveryId, String from, String to, String detail, String actor, OffsetDateTime now) {
        jdbc.sql("""
                insert into ims_audit (message_id, delivery_id, destination, from_status, to_status, detail, at, actor)
                select message_id, id, destination, :from, :to, :detail, :now, :actor from ims_delivery where id = :id""")
                .param("from", from).param("to", to).param("detail", JdbcStore.truncate(detail, MAX_DETAIL_LENGTH))
                .param("now", now).param("id", deliveryId).param("actor", JdbcStore.truncate(actor, MAX_ACTOR_LENGTH))
                .update();
    }

    /** A console edit of a message's record by {@code actor}: a stage EDITED in its trail; the status does not change. */
    void edit(long messageId, String detail, String actor, OffsetDateTime now) {
        jdbc.sql("""
                insert into ims_audit (message_id, delivery_id, destination, from_status, to_status, detail, at, actor)
                select id, null, null, status, 'EDITED', :detail, :now, :actor from ims_message where id = :id""")
                .param("detail", JdbcStore.truncate(detail, MAX_DETAIL_LENGTH)).param("now", now)
                .param("actor", actor).param("id", messageId)
                .update();
    }
}
