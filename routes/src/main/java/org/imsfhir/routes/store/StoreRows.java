package org.imsfhir.routes.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** The row shapes the message stores share: how a message and a delivery are selected and read. */
final class StoreRows {

    static final String MESSAGE_SELECT = """
            select id, public_id, intake_id, record_index, session_key, content_type, raw_payload, status, outcome, bundle,
                   received_at, updated_at
            from ims_message""";

    static final String DELIVERY_SELECT = """
            select d.id, d.public_id, d.message_id, m.public_id as message_public_id, d.destination, d.session_key,
                   d.status, d.attempts, d.next_attempt_at, d.last_error, d.response_status, d.response_body,
                   d.created_at, d.updated_at, d.delivered_at
            from ims_delivery d join ims_message m on m.id = d.message_id""";

    private StoreRows() {
    }

    static StoredMessage message(ResultSet rs, int row) throws SQLException {
        return new StoredMessage(rs.getLong("id"), rs.getLong("intake_id"), rs.getInt("record_index"),
                rs.getString("session_key"), rs.getString("content_type"), rs.getString("raw_payload"),
                MessageStatus.valueOf(rs.getString("status")), rs.getString("outcome"), rs.getString("bundle"),
                rs.getObject("received_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getString("public_id"));
    }

    static StoredDelivery delivery(ResultSet rs, int row) throws SQLException {
        return new StoredDelivery(rs.getLong("id"), rs.getLong("message_id"), rs.getString("destination"),
                rs.getString("session_key"), DeliveryStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                rs.getObject("next_attempt_at", OffsetDateTime.class), rs.getString("last_error"),
                (Integer) rs.getObject("response_status", Integer.class), rs.getString("response_body"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getObject("delivered_at", OffsetDateTime.class), rs.getString("public_id"),
                rs.getString("message_public_id"));
    }

    /** Text as the store keeps it: U+0000, which PostgreSQL text cannot hold, becomes U+FFFD (H2 alike, for one behaviour). */
    static String storable(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    /** A LIKE pattern for "starts with", with LIKE's default escape (a backslash) on H2 and PostgreSQL. */
    static String likePrefix(String prefix) {
        return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    static void requireOne(int changed, long id) {
        if (changed != 1) {
            throw new IllegalStateException("Row " + id + " was not in the expected state");
        }
    }
}
