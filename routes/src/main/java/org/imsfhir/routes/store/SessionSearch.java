package org.imsfhir.routes.store;

import static org.imsfhir.routes.store.StoreRows.likePrefix;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The console's read-only questions: messages by status, clinic, day and delivery state (paged,
 * newest first), messages per status, and records received per minute over the last hour.
 */
public class SessionSearch extends JdbcStore {

    /**
     * What to look for; null fields do not filter.
     *
     * @param clinics        when not null, only sessions of these source systems (the caller's)
     * @param destination    with {@code deliveryStatus}: only sessions with a delivery to it in that state
     */
    public record Filter(MessageStatus status, String clinic, LocalDate day, String destination,
                         DeliveryStatus deliveryStatus, Collection<String> clinics) {
    }

    /** One page of messages and whether there is a next one. */
    public record Page(List<StoredMessage> messages, int number, boolean hasNext) {
    }

    public SessionSearch(DataSource dataSource, Clock clock) {
        super(dataSource, clock);
    }

    public Page find(Filter filter, int page, int size) {
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.clinic() != null && !filter.clinic().isBlank()) {
            where.append(" and session_key like :clinic");
            params.put("clinic", likePrefix(filter.clinic() + "|"));
        }
        if (filter.day() != null) {
            where.append(" and received_at >= :from and received_at < :to");
            params.put("from", filter.day().atStartOfDay().atOffset(ZoneOffset.UTC));
            params.put("to", filter.day().plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
        }
        if (filter.destination() != null && filter.deliveryStatus() != null) {
            where.append(" and exists (select 1 from ims_delivery d where d.message_id = ims_message.id"
                    + " and d.destination = :destination and d.status = :deliveryStatus)");
            params.put("destination", filter.destination());
            params.put("deliveryStatus", filter.deliveryStatus().name());
        }
        if (filter.clinics() != null) {
            if (filter.clinics().isEmpty()) {
                return new Page(List.of(), page, false);
            }
            List<String> alternatives = new ArrayList<>();
            int i = 0;
            for (String system : filter.clinics()) {
                alternatives.add("session_key like :c" + i);
                params.put("c" + i, likePrefix(system + "|"));
                i++;
            }
            where.append(" and (").append(String.join(" or ", alternatives)).append(")");
        }
        // One row more than the page tells whether a next page exists.
        List<StoredMessage> rows = jdbc.sql(StoreRows.MESSAGE_SELECT + where + " order by id desc limit :limit offset :offset")
                .params(params).param("limit", size + 1).param("offset", (long) page * size)
                .query(StoreRows::message).list();
        boolean hasNext = rows.size() > size;
        return new Page(hasNext ? rows.subList(0, size) : rows, page, hasNext);
    }

    /** Messages per status (every status present, zero when none). */
    public Map<MessageStatus, Long> messagesByStatus() {
        Map<MessageStatus, Long> counts = new EnumMap<>(MessageStatus.class);
        for (MessageStatus s : MessageStatus.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql("select status, count(*) as n from ims_message group by status")
                .query(rs -> {
                    counts.put(MessageStatus.valueOf(rs.getString("status")), rs.getLong("n"));
                });
        return counts;
    }

    /**
     * Records received in each of the last {@code minutes} minutes, oldest first (the last entry is
     * the current, unfinished minute).
     */
    public long[] receivedPerMinute(int minutes) {
        OffsetDateTime now = now().truncatedTo(ChronoUnit.MINUTES);
        OffsetDateTime since = now.minusMinutes(minutes - 1L);
        long[] counts = new long[minutes];
        // Grouped in the database (H2 and PostgreSQL both know date_trunc): an hour may hold a million rows.
        jdbc.sql("select date_trunc('minute', received_at) as at_minute, count(*) as n from ims_message"
                        + " where received_at >= :since group by date_trunc('minute', received_at)")
                .param("since", since)
                .query(rs -> {
                    OffsetDateTime at = rs.getObject("at_minute", OffsetDateTime.class);
                    int slot = (int) ChronoUnit.MINUTES.between(since, at.withOffsetSameInstant(ZoneOffset.UTC));
                    if (slot >= 0 && slot < minutes) {
                        counts[slot] += rs.getLong("n");
                    }
                });
        return counts;
    }
}
