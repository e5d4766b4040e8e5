package org.imsfhir.routes.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Corrections made in the console ({@code ims_record_edit}): which REJECTED message an operator
 * edited, the message the corrected record became, who, when, and the field-level changes. Each
 * edit also leaves a row in both messages' audit trails (field paths only, no values).
 */
public class RecordEdits extends JdbcStore {

    private static final int MAX_ACTOR_LENGTH = 200;

    /** One edit. {@code changes} is JSON: {@code [{"path":..,"before":..,"after":..}]}. */
    public record Edit(long originalMessageId, long newMessageId, String originalPublicId, String newPublicId,
                       String actor, OffsetDateTime at, String changes) {
    }

    private final AuditTrail audit;

    public RecordEdits(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        super(dataSource, transactions, clock);
        this.audit = new AuditTrail(jdbc);
    }

    /** Records an edit; {@code changedPaths} (no values) goes to both audit trails. */
    public void save(long originalMessageId, long newMessageId, String actor, String changes, String changedPaths) {
        OffsetDateTime now = now();
        String who = truncate(actor, MAX_ACTOR_LENGTH);
        tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    insert into ims_record_edit (original_message_id, new_message_id, actor, at, changes)
                    values (:original, :newMessage, :actor, :at, :changes)""")
                    .param("original", originalMessageId).param("newMessage", newMessageId).param("actor", who)
                    .param("at", now).param("changes", changes).update();
            audit.edit(originalMessageId, "edited by " + who + " and resubmitted as a new version; changed: "
                    + changedPaths, who, now);
            audit.edit(newMessageId, "a corrected version of an earlier rejected record, edited by " + who
                    + "; changed: " + changedPaths, who, now);
        });
    }

    /** Edits that made this message (at most one) or were made of it, oldest first. */
    public List<Edit> of(long messageId) {
        return jdbc.sql("""
                select e.original_message_id, e.new_message_id, o.public_id as original_public_id,
                       n.public_id as new_public_id, e.actor, e.at, e.changes
                from ims_record_edit e
                join ims_message o on o.id = e.original_message_id
                join ims_message n on n.id = e.new_message_id
                where e.original_message_id = :id or e.new_message_id = :id order by e.id""")
                .param("id", messageId)
                .query((rs, n) -> new Edit(rs.getLong("original_message_id"), rs.getLong("new_message_id"),
                        rs.getString("original_public_id"), rs.getString("new_public_id"), rs.getString("actor"),
                        rs.getObject("at", OffsetDateTime.class), rs.getString("changes")))
                .list();
    }

    /** The edit that made this message, if it came from the console. */
    public Optional<Edit> madeFrom(long messageId) {
        return of(messageId).stream().filter(e -> e.newMessageId() == messageId).findFirst();
    }
}
