package org.imsfhir.routes.retention;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.imsfhir.routes.api.SessionStatusDetails;
import org.imsfhir.routes.store.StoredMessage;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code "purgedAt"} and {@code "purged": [...]} in {@code GET /ims/sessions/{id}} once retention has
 * removed some of the record's data (the configuration's names: {@code raw-payload}, {@code bundle},
 * {@code receiver-answers}), so that a missing payload reads as removed on purpose, not as lost.
 * Nothing is added for a record retention has not touched.
 */
public class RetentionStatusDetails implements SessionStatusDetails {

    private final JdbcClient jdbc;

    public RetentionStatusDetails(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public void addTo(Map<String, Object> details, StoredMessage message, boolean phi) {
        PurgeState state = of(message.id());
        if (state == null) {
            return;
        }
        details.put("purgedAt", state.purgedAt().toString());
        details.put("purged", state.classes());
    }

    /** The data classes removed from a record and when retention last removed any; null when none. */
    PurgeState of(long messageId) {
        return jdbc.sql("""
                select m.purged_at,
                       case when m.raw_payload is null then 1 else 0 end as raw_gone,
                       case when m.bundle is null and m.status = 'VALID' then 1 else 0 end as bundle_gone,
                       (select max(d.purged_at) from ims_delivery d where d.message_id = m.id) as deliveries_at,
                       (select max(c.purged_at) from ims_claim c
                        where c.message_id = m.id or c.cancel_message_id = m.id) as claims_at
                from ims_message m where m.id = :id""")
                .param("id", messageId)
                .query((rs, n) -> {
                    OffsetDateTime own = rs.getObject("purged_at", OffsetDateTime.class);
                    OffsetDateTime answers = latest(rs.getObject("deliveries_at", OffsetDateTime.class),
                            rs.getObject("claims_at", OffsetDateTime.class));
                    List<String> classes = new ArrayList<>();
                    if (own != null && rs.getInt("raw_gone") == 1) {
                        classes.add("raw-payload");
                    }
                    if (own != null && rs.getInt("bundle_gone") == 1) {
                        classes.add("bundle");
                    }
                    if (answers != null) {
                        classes.add("receiver-answers");
                    }
                    return new PurgeState(latest(own, answers), List.copyOf(classes));
                })
                .optional().filter(s -> s.purgedAt() != null).orElse(null);
    }

    private static OffsetDateTime latest(OffsetDateTime a, OffsetDateTime b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** What retention removed of a record (configuration names), and when it last removed any. */
    record PurgeState(OffsetDateTime purgedAt, List<String> classes) {
    }
}
