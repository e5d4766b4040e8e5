package org.imsfhir.routes.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.imsfhir.routes.store.JdbcStore;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Removes patient data from the database once a record is final and its period has passed: the
 * record's own text ({@code ims_message.raw_payload}), its Bundle, the receivers' answers
 * ({@code ims_delivery.response_body}, {@code ims_claim.response}/{@code cancel_response}) and, once
 * every record of an intake has lost its text, the intake's raw payload. Rows, ids, statuses, times
 * and OperationOutcomes stay. Final ({@link FinalTimes}): REJECTED, or VALID with every delivery
 * DELIVERED or DEAD-and-superseded. Works in batches of {@code batchSize} records, one transaction
 * each, so a backlog never holds one long transaction; each batch writes one {@code PURGED} audit row
 * per record it changed, naming the data classes.
 */
public class RetentionStore extends JdbcStore {

    /** The actor of every audit row the purge writes. */
    public static final String ACTOR = "retention";
    static final String PURGED = "PURGED";

    static final String HAS_ANSWERS = """
            (exists (select 1 from ims_delivery a where a.message_id = m.id and a.response_body is not null)
             or exists (select 1 from ims_claim c where c.message_id = m.id and c.response is not null)
             or exists (select 1 from ims_claim k where k.cancel_message_id = m.id and k.cancel_response is not null))""";

    /** What of a record is still there. */
    private static final String FLAGS = """
            m.id, m.status, m.updated_at,
            case when m.raw_payload is null then 0 else 1 end as has_raw,
            case when m.bundle is null then 0 else 1 end as has_bundle,
            case when %s then 1 else 0 end as has_answers""".formatted(HAS_ANSWERS);

    /**
     * Final records (no delivery PENDING, none DEAD unless superseded) that still hold data and were
     * final before the latest cutoff, in id order after {@code :after}. The exact final time is
     * {@link FinalTimes}'s job; this only keeps the scan short.
     */
    private static final String CANDIDATES = """
            select %s from ims_message m
            where m.id > :after and m.status in ('REJECTED', 'VALID') and m.updated_at < :latest
              and not exists (select 1 from ims_delivery d where d.message_id = m.id
                              and ((d.status = 'DELIVERED' and d.delivered_at >= :latest)
                                   or (d.status <> 'DELIVERED' and not (d.status = 'DEAD' and %s))))
              and (m.raw_payload is not null or m.bundle is not null or %s)
            order by m.id limit :limit""".formatted(FLAGS, FinalTimes.SUPERSEDED, HAS_ANSWERS);

    private final RegistryHolds registry;
    private final FinalTimes finalTimes;

    public RetentionStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock,
                          RegistryHolds registry) {
        super(dataSource, transactions, clock);
        this.registry = registry;
        this.finalTimes = new FinalTimes(jdbc);
    }

    /** A store on its own data source, outside any Spring-managed transaction (tests, tools). */
    public RetentionStore(DataSource dataSource, Clock clock, RegistryHolds registry) {
        super(dataSource, clock);
        this.registry = registry;
        this.finalTimes = new FinalTimes(jdbc);
    }

    /** One purge of the database with these periods; what it removed. */
    public RetentionCounts purge(RetentionProperties periods) {
        OffsetDateTime now = now();
        Cutoffs cut = new Cutoffs(cutoff(now, periods.rawPayloads()), cutoff(now, periods.bundles()),
                cutoff(now, periods.receiverAnswers()), registry.horizon());
        long[] counts = new long[3];
        OffsetDateTime latest = cut.latest();
        long after = 0;
        while (latest != null) {
            List<Flags> batch = jdbc.sql(CANDIDATES).param("after", after).param("latest", latest)
                    .param("limit", periods.batchSize()).query(RetentionStore::flags).list();
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1).id();
            Map<Long, Purge> plan = plan(batch, cut);
            if (!plan.isEmpty()) {
                long[] done = tx.execute(s -> apply(plan, now));
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += done[i];
                }
            }
        }
        long intakes = cut.raw() == null ? 0 : purgeIntakes(cut.raw(), periods.batchSize(), now);
        return RetentionCounts.ofStore(intakes, counts[0], counts[1], counts[2]);
    }

    /** Which data classes of each candidate are due (an empty plan for candidates not yet due). */
    private Map<Long, Purge> plan(List<Flags> batch, Cutoffs cut) {
        Map<Long, OffsetDateTime> finals = finalTimes.of(batch.stream().filter(f -> f.status().equals("VALID"))
                .collect(Collectors.toMap(Flags::id, Flags::updatedAt)));
        Set<Long> held = registry.held(batch.stream().filter(f -> f.hasRaw() && f.status().equals("VALID"))
                .map(Flags::id).toList());
        Map<Long, Purge> plan = new LinkedHashMap<>();
        for (Flags f : batch) {
            OffsetDateTime finalAt = f.status().equals("VALID") ? finals.get(f.id()) : f.updatedAt();
            if (finalAt == null) {
                continue; // a delivery not final after all: keep everything
            }
            boolean textFree = f.status().equals("REJECTED")
                    || (f.id() <= cut.registryHorizon() && !held.contains(f.id()));
            Purge p = new Purge(f.hasRaw() && textFree && before(finalAt, cut.raw()),
                    f.hasBundle() && before(finalAt, cut.bundles()), f.hasAnswers() && before(finalAt, cut.answers()));
            if (p.any()) {
                plan.put(f.id(), p);
            }
        }
        return plan;
    }

    /** One batch, in its transaction: lock the records, remove what is still there, audit. */
    private long[] apply(Map<Long, Purge> plan, OffsetDateTime now) {
        // Locked so that two instances purging at once do not both remove and audit the same data;
        // what is still there is read after the lock, in a statement of its own (a fresh snapshot
        // that sees what another instance committed while this one waited).
        jdbc.sql("select id from ims_message where id in (:ids) for update").param("ids", plan.keySet())
                .query(Long.class).list();
        Map<Long, Flags> current = new HashMap<>();
        jdbc.sql("select " + FLAGS + " from ims_message m where m.id in (:ids)")
                .param("ids", plan.keySet()).query(RetentionStore::flags).list().forEach(f -> current.put(f.id(), f));
        List<Long> raw = new ArrayList<>();
        List<Long> bundles = new ArrayList<>();
        List<Long> answers = new ArrayList<>();
        Map<String, List<Long>> byDetail = new LinkedHashMap<>();
        plan.forEach((id, p) -> {
            Flags f = current.get(id);
            if (f == null) {
                return;
            }
            Purge due = new Purge(p.raw() && f.hasRaw(), p.bundle() && f.hasBundle(), p.answers() && f.hasAnswers());
            addIf(due.raw(), raw, id);
            addIf(due.bundle(), bundles, id);
            addIf(due.answers(), answers, id);
            if (due.any()) {
                byDetail.computeIfAbsent(due.detail(), d -> new ArrayList<>()).add(id);
            }
        });
        update("update ims_message set raw_payload = null, purged_at = :now where id in (:ids)", raw, now);
        update("update ims_message set bundle = null, purged_at = :now where id in (:ids)", bundles, now);
        update("update ims_delivery set response_body = null, purged_at = :now"
                + " where message_id in (:ids) and response_body is not null", answers, now);
        update("update ims_claim set response = null, purged_at = :now where message_id in (:ids) and response is not null",
                answers, now);
        update("update ims_claim set cancel_response = null, purged_at = :now"
                + " where cancel_message_id in (:ids) and cancel_response is not null", answers, now);
        byDetail.forEach((detail, ids) -> jdbc.sql("""
                insert into ims_audit (message_id, to_status, detail, actor, at)
                select id, :to, :detail, :actor, :now from ims_message where id in (:ids)""")
                .param("to", PURGED).param("detail", detail).param("actor", ACTOR).param("now", now).param("ids", ids)
                .update());
        return new long[] {raw.size(), bundles.size(), answers.size()};
    }

    /** Intakes whose every record has lost its text (or that have none), processed before the cutoff. */
    private long purgeIntakes(OffsetDateTime cutoff, int batchSize, OffsetDateTime now) {
        long purged = 0;
        long after = 0;
        while (true) {
            List<Long> ids = jdbc.sql("""
                    select i.id from ims_intake i
                    where i.id > :after and i.raw_payload is not null and i.processed_at is not null
                      and i.processed_at < :cutoff
                      and not exists (select 1 from ims_message m where m.intake_id = i.id
                                      and (m.raw_payload is not null or m.status = 'RECEIVED'))
                    order by i.id limit :limit""")
                    .param("after", after).param("cutoff", cutoff).param("limit", batchSize).query(Long.class).list();
            if (ids.isEmpty()) {
                return purged;
            }
            after = ids.get(ids.size() - 1);
            purged += update("update ims_intake set raw_payload = null, purged_at = :now"
                    + " where id in (:ids) and raw_payload is not null", ids, now);
        }
    }

    /** The run's summary row in the access audit (files have no record to hang a row on). */
    public void auditRun(RetentionCounts counts) {
        jdbc.sql("""
                insert into ims_access_audit (at, actor, action, target, outcome, detail)
                values (:now, :actor, 'PURGE', 'retention', 200, :detail)""")
                .param("now", now()).param("actor", ACTOR).param("detail", truncate(counts.summary(), 1000)).update();
    }

    private static void addName(boolean removed, List<String> names, String name) {
        if (removed) {
            names.add(name);
        }
    }

    private static void addIf(boolean due, List<Long> ids, long id) {
        if (due) {
            ids.add(id);
        }
    }

    private int update(String sql, List<Long> ids, OffsetDateTime now) {
        return ids.isEmpty() ? 0 : jdbc.sql(sql).param("now", now).param("ids", ids).update();
    }

    private static OffsetDateTime cutoff(OffsetDateTime now, Duration period) {
        return RetentionProperties.keepsForever(period) ? null : now.minus(period);
    }

    private static boolean before(OffsetDateTime finalAt, OffsetDateTime cutoff) {
        return cutoff != null && finalAt.isBefore(cutoff);
    }

    private static Flags flags(ResultSet rs, int row) throws SQLException {
        return new Flags(rs.getLong("id"), rs.getString("status"), rs.getObject("updated_at", OffsetDateTime.class),
                rs.getInt("has_raw") == 1, rs.getInt("has_bundle") == 1, rs.getInt("has_answers") == 1);
    }

    private record Flags(long id, String status, OffsetDateTime updatedAt, boolean hasRaw, boolean hasBundle,
                         boolean hasAnswers) {
    }

    /** Per data class, the time a record must have been final before (null: kept forever). */
    private record Cutoffs(OffsetDateTime raw, OffsetDateTime bundles, OffsetDateTime answers, long registryHorizon) {
        OffsetDateTime latest() {
            OffsetDateTime latest = null;
            for (OffsetDateTime c : new OffsetDateTime[] {raw, bundles, answers}) {
                if (c != null && (latest == null || c.isAfter(latest))) {
                    latest = c;
                }
            }
            return latest;
        }
    }

    /** The data classes removed from one record in one run. */
    private record Purge(boolean raw, boolean bundle, boolean answers) {
        boolean any() {
            return raw || bundle || answers;
        }

        /** The audit detail: the configuration's names of the classes removed. */
        String detail() {
            List<String> classes = new ArrayList<>();
            addName(raw, classes, "raw-payload");
            addName(bundle, classes, "bundle");
            addName(answers, classes, "receiver-answers");
            return "retention: removed " + String.join(", ", classes);
        }
    }
}
