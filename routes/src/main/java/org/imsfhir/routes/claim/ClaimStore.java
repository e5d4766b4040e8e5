package org.imsfhir.routes.claim;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.imsfhir.routes.store.JdbcStore;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * One row per (session, insurer destination) in {@code ims_claim} (Flyway V10): the latest state of
 * that session's claim. Written by the insurer sender only; the outbox serialises deliveries per
 * session and destination, so update-else-insert needs no lock. It runs in the application's
 * transactions (joining one that is open), like the other stores.
 */
public class ClaimStore extends JdbcStore {

    private static final String COLUMNS = "session_key, destination, message_id, payer_id, claim_identifier, service_code,"
            + " response_id, outcome, disposition, submitted_amount, benefit_amount, payment_amount, currency, errors,"
            + " response, polls, created_at, updated_at";
    private static final String SELECT = COLUMNS + ", cancel_message_id, cancel_outcome, cancel_disposition,"
            + " cancel_errors, cancel_response, cancelled_at";

    public ClaimStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        super(dataSource, transactions, clock);
    }

    public Optional<StoredClaim> find(String sessionKey, String destination) {
        return jdbc.sql("select " + SELECT + " from ims_claim where session_key = ? and destination = ?")
                .params(sessionKey, destination).query(ClaimStore::row).optional();
    }

    public List<StoredClaim> ofSession(String sessionKey) {
        return jdbc.sql("select " + SELECT + " from ims_claim where session_key = ? order by destination")
                .param(sessionKey).query(ClaimStore::row).list();
    }

    /**
     * Writes the claim's new state; {@code polls} and {@code created_at} of an existing row are kept
     * unless given. A cancellation recorded earlier ({@link #saveCancellation}) is kept: the insurer
     * still has the claim cancelled.
     */
    public void save(StoredClaim c) {
        tx.executeWithoutResult(status -> upsert(c));
    }

    private void upsert(StoredClaim c) {
        OffsetDateTime now = now();
        int updated = jdbc.sql("update ims_claim set message_id = ?, payer_id = ?, claim_identifier = ?, service_code = ?,"
                        + " response_id = ?, outcome = ?, disposition = ?, submitted_amount = ?, benefit_amount = ?,"
                        + " payment_amount = ?, currency = ?, errors = ?, response = ?, polls = ?, updated_at = ?"
                        + " where session_key = ? and destination = ?")
                .params(c.messageId(), c.payerId(), c.claimIdentifier(), c.serviceCode(), c.responseId(), c.outcome(),
                        c.disposition(), c.submittedAmount(), c.benefitAmount(), c.paymentAmount(), c.currency(),
                        c.errors(), c.response(), c.polls(), now, c.sessionKey(), c.destination())
                .update();
        if (updated == 0) {
            jdbc.sql("insert into ims_claim (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(c.sessionKey(), c.destination(), c.messageId(), c.payerId(), c.claimIdentifier(),
                            c.serviceCode(), c.responseId(), c.outcome(), c.disposition(), c.submittedAmount(),
                            c.benefitAmount(), c.paymentAmount(), c.currency(), c.errors(), c.response(), c.polls(),
                            now, now)
                    .update();
        }
    }

    /**
     * Records the insurer's answer to the cancellation of the session's claim at a destination (the
     * row must exist: only a submitted claim is cancelled); the claim's adjudication is left as it was.
     *
     * @return whether the row existed
     */
    public boolean saveCancellation(String sessionKey, String destination, long cancelMessageId, String outcome,
                                    String disposition, String errors, String response) {
        OffsetDateTime now = now();
        return jdbc.sql("update ims_claim set cancel_message_id = ?, cancel_outcome = ?, cancel_disposition = ?,"
                        + " cancel_errors = ?, cancel_response = ?, cancelled_at = ?, updated_at = ?"
                        + " where session_key = ? and destination = ?")
                .params(cancelMessageId, outcome, disposition, errors, response, "complete".equals(outcome) ? now : null,
                        now, sessionKey, destination)
                .update() > 0;
    }

    /** Removes the row of a session at a destination if it was written for a record before {@code messageId}. */
    public boolean delete(String sessionKey, String destination, long messageId) {
        return jdbc.sql("delete from ims_claim where session_key = ? and destination = ? and message_id < ?")
                .params(sessionKey, destination, messageId).update() > 0;
    }

    private static StoredClaim row(ResultSet rs, int n) throws SQLException {
        return new StoredClaim(rs.getString("session_key"), rs.getString("destination"), rs.getLong("message_id"),
                rs.getString("payer_id"), rs.getString("claim_identifier"), rs.getString("service_code"),
                rs.getString("response_id"), rs.getString("outcome"), rs.getString("disposition"),
                rs.getBigDecimal("submitted_amount"), rs.getBigDecimal("benefit_amount"),
                rs.getBigDecimal("payment_amount"), rs.getString("currency"), rs.getString("errors"),
                rs.getString("response"), rs.getInt("polls"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class), (Long) rs.getObject("cancel_message_id", Long.class),
                rs.getString("cancel_outcome"), rs.getString("cancel_disposition"), rs.getString("cancel_errors"),
                rs.getString("cancel_response"), rs.getObject("cancelled_at", OffsetDateTime.class));
    }
}
