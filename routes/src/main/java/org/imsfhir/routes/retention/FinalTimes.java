package org.imsfhir.routes.retention;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * When a VALID record became final: the latest of its acceptance and the time each of its deliveries
 * became final. A DELIVERED delivery is final when delivered (nothing moves it again). A DEAD one is
 * final only once a later version of the same session was DELIVERED to the same destination: from
 * then on a replay is refused (SUPERSEDED), so its data can no longer be needed; until then it keeps
 * everything an operator needs to replay it. PENDING is never final.
 */
final class FinalTimes {

    /** A later version of delivery {@code d}'s session reached the same destination. */
    static final String SUPERSEDED = """
            exists (select 1 from ims_delivery e where e.destination = d.destination and e.session_key = d.session_key
                    and e.id > d.id and e.status = 'DELIVERED')""";

    private final JdbcClient jdbc;

    FinalTimes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Final time per VALID record, given when each was accepted ({@code updated_at}); a record that
     * is not final (yet) is absent.
     */
    Map<Long, OffsetDateTime> of(Map<Long, OffsetDateTime> acceptedAt) {
        Map<Long, OffsetDateTime> finals = new HashMap<>(acceptedAt);
        if (acceptedAt.isEmpty()) {
            return finals;
        }
        Collection<Long> validIds = acceptedAt.keySet();
        Set<Long> open = new HashSet<>();
        jdbc.sql("""
                select d.message_id, d.status, d.delivered_at,
                       (select min(e.delivered_at) from ims_delivery e
                        where e.destination = d.destination and e.session_key = d.session_key
                          and e.id > d.id and e.status = 'DELIVERED') as superseded_at
                from ims_delivery d where d.message_id in (:ids)""")
                .param("ids", validIds)
                .query(rs -> {
                    long id = rs.getLong("message_id");
                    String status = rs.getString("status");
                    OffsetDateTime at = "DELIVERED".equals(status) ? rs.getObject("delivered_at", OffsetDateTime.class)
                            : "DEAD".equals(status) ? rs.getObject("superseded_at", OffsetDateTime.class) : null;
                    if (at == null) {
                        open.add(id);
                    } else {
                        finals.merge(id, at, (a, b) -> a.isAfter(b) ? a : b);
                    }
                });
        open.forEach(finals::remove);
        return finals;
    }
}
