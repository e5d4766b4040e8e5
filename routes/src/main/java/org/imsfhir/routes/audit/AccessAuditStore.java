package org.imsfhir.routes.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.imsfhir.routes.store.JdbcStore;
import org.springframework.transaction.PlatformTransactionManager;

/** The access audit table ({@code ims_access_audit}): written once per request, never updated. */
public class AccessAuditStore extends JdbcStore {

    public AccessAuditStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        super(dataSource, transactions, clock);
    }

    public void record(String actor, String remoteAddress, String action, String target, int outcome, String detail) {
        jdbc.sql("""
                insert into ims_access_audit (at, actor, remote_address, action, target, outcome, detail)
                values (:at, :actor, :remote, :action, :target, :outcome, :detail)""")
                .param("at", now())
                .param("actor", truncate(actor, 200))
                .param("remote", truncate(remoteAddress, 64))
                .param("action", truncate(action, 100))
                .param("target", truncate(target, 200))
                .param("outcome", outcome)
                .param("detail", truncate(detail, 1000))
                .update();
    }

    /** A filter of the audit; null fields match everything. Times are inclusive from, exclusive to. */
    public record Query(String actor, String target, OffsetDateTime from, OffsetDateTime to, int page, int size) {
    }

    /** Newest first, one page. */
    public List<AccessAuditEntry> find(Query q) {
        return jdbc.sql("""
                select id, at, actor, remote_address, action, target, outcome, detail from ims_access_audit
                where (cast(:actor as varchar(200)) is null or actor = :actor)
                  and (cast(:target as varchar(200)) is null or target = :target)
                  and (cast(:from as timestamp with time zone) is null or at >= :from)
                  and (cast(:to as timestamp with time zone) is null or at < :to)
                order by id desc limit :size offset :offset""")
                .param("actor", q.actor(), java.sql.Types.VARCHAR)
                .param("target", q.target(), java.sql.Types.VARCHAR)
                .param("from", utc(q.from()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("to", utc(q.to()), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("size", q.size())
                .param("offset", (long) q.page() * q.size())
                .query((rs, n) -> new AccessAuditEntry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class),
                        rs.getString("actor"), rs.getString("remote_address"), rs.getString("action"),
                        rs.getString("target"), rs.getInt("outcome"), rs.getString("detail")))
                .list();
    }

    /** Rows with this actor and action (tests and the console). */
    public long count(String actor, String action) {
        return jdbc.sql("select count(*) from ims_access_audit where actor = :actor and action = :action")
                .param("actor", actor).param("action", action).query(Long.class).single();
    }

    private static OffsetDateTime utc(OffsetDateTime t) {
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
