package org.imsfhir.routes.store;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The outbox: claiming due deliveries under a lease, recording each attempt's outcome, and replay.
 * Several nodes may poll one database. A claim is one statement ({@code FOR UPDATE SKIP LOCKED}:
 * nodes split the due rows instead of racing for them; H2 2.x and PostgreSQL both run it); due
 * times and leases follow the database's clock, so nodes whose clocks differ still agree. Only
 * the holder of a claim (node id and claim token) can record its outcome: an attempt that outlived
 * its lease, after another node claimed the delivery again, records nothing.
 */
public class OutboxStore extends JdbcStore {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxStore.class);
    private static final int MAX_ERROR_LENGTH = 4000;
    /** The actor of delivery attempts: the outbox poller, not a person or client. */
    public static final String OUTBOX_ACTOR = "outbox";
    private static final String PENDING = DeliveryStatus.PENDING.name();
    private static final String DEAD = DeliveryStatus.DEAD.name();

    private final AuditTrail audit;

    public OutboxStore(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        super(dataSource, transactions, clock);
        this.audit = new AuditTrail(jdbc);
    }

    /**
     * Claims up to {@code limit} due deliveries for one attempt each, leasing them to {@code owner}
     * for {@code lease} (database clock). Only the oldest PENDING delivery of a session key per
     * destination is ever due, so a later version of a session never overtakes an earlier one. A
     * lease that ran out (its holder died or is too slow) makes the delivery claimable again.
     */
    public List<DeliveryTask> claimDue(int limit, String owner, Duration lease) {
        String token = UUID.randomUUID().toString();
        return tx.execute(status -> {
            int claimed = jdbc.sql("""
                    update ims_delivery
                    set lease_owner = :owner, lease_token = :token,
                        lease_until = current_timestamp + cast(:ms as bigint) * interval '0.001' second
                    where id in (select d.id from ims_delivery d
                                 where d.status = :pending and d.next_attempt_at <= current_timestamp
                                   and (d.lease_until is null or d.lease_until < current_timestamp)
                                   and not exists (select 1 from ims_delivery e
                                                   where e.destination = d.destination and e.session_key = d.session_key
                                                     and e.status = :pending and e.id < d.id)
                                 order by d.next_attempt_at, d.id
                                 limit :limit
                                 for update skip locked)""")
                    .param("owner", owner).param("token", token).param("ms", lease.toMillis())
                    .param("pending", PENDING).param("limit", limit)
                    .update();
            if (claimed == 0) {
                return List.of();
            }
            return jdbc.sql("""
                    select d.id, d.message_id, d.destination, d.session_key, d.attempts, m.bundle, m.intake_id, m.received_at
                    from ims_delivery d join ims_message m on m.id = d.message_id
                    where d.lease_token = :token order by d.next_attempt_at, d.id""")
                    .param("token", token)
                    .query((rs, n) -> new DeliveryTask(rs.getLong("id"), rs.getLong("message_id"),
                            rs.getString("destination"), rs.getString("session_key"), rs.getInt("attempts"),
                            rs.getString("bundle"), owner, token, rs.getLong("intake_id"),
                            rs.getObject("received_at", java.time.OffsetDateTime.class)))
                    .list();
        });
    }

    /**
     * Frees the leases held under {@code owner}. Only for a node id no live node uses (a previous
     * run of this node with a configured id, see {@link NodeRegistry#register}), or by the node itself
     * once it has stopped attempting (graceful shutdown).
     */
    public int releaseLeases(String owner) {
        return jdbc.sql("""
                update ims_delivery set lease_owner = null, lease_token = null, lease_until = null
                where lease_owner = :owner and status = :pending""")
                .param("owner", owner).param("pending", PENDING).update();
    }

    /** PENDING → DELIVERED with the receiver's answer; false (and one log line) when the claim was lost. */
    public boolean markDelivered(DeliveryTask claim, int responseStatus, String responseBody) {
        return finish(claim, DeliveryStatus.DELIVERED, null, responseStatus, responseBody, "delivered");
    }

    /** PENDING → DEAD with the reasons; false (and one log line) when the claim was lost. */
    public boolean markDead(DeliveryTask claim, String error, Integer responseStatus, String responseBody) {
        return finish(claim, DeliveryStatus.DEAD, error, responseStatus, responseBody, error);
    }

    /**
     * Stays PENDING: counts the failed attempt and makes it due again after {@code wait} (database
     * clock). False (and one log line) when the claim was lost.
     */
    public boolean scheduleRetry(DeliveryTask claim, String error, Integer responseStatus, String responseBody,
                                 Duration wait) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            OffsetDateTime now = now();
            int changed = jdbc.sql("""
                    update ims_delivery set attempts = attempts + 1,
                           next_attempt_at = current_timestamp + cast(:ms as bigint) * interval '0.001' second, last_error = :error,
                           response_status = :responseStatus, response_body = :responseBody,
                           lease_owner = null, lease_token = null, lease_until = null, updated_at = :now
                    where id = :id and status = :pending and lease_owner = :owner and lease_token = :token""")
                    .param("ms", Math.max(0, wait.toMillis()))
                    .param("error", truncate(error, MAX_ERROR_LENGTH))
                    .param("responseStatus", responseStatus).param("responseBody", responseBody).param("now", now)
                    .param("id", claim.deliveryId()).param("pending", PENDING)
                    .param("owner", claim.leaseOwner()).param("token", claim.leaseToken())
                    .update();
            if (changed != 1) {
                return lost(claim);
            }
            // Not a change of status, but every failed attempt is part of the trail.
            audit.delivery(claim.deliveryId(), PENDING, PENDING, "attempt failed, next in " + wait + ": " + error,
                    OUTBOX_ACTOR, now);
            return true;
        }));
    }

    private boolean finish(DeliveryTask claim, DeliveryStatus to, String error, Integer responseStatus, String responseBody,
                           String detail) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            OffsetDateTime now = now();
            int changed = jdbc.sql("""
                    update ims_delivery set status = :to, attempts = attempts + 1, last_error = :error,
                           response_status = :responseStatus, response_body = :responseBody,
                           lease_owner = null, lease_token = null, lease_until = null, updated_at = :now,
                           delivered_at = :deliveredAt
                    where id = :id and status = :pending and lease_owner = :owner and lease_token = :token""")
                    .param("to", to.name())
                    .param("error", truncate(error, MAX_ERROR_LENGTH))
                    .param("responseStatus", responseStatus).param("responseBody", responseBody).param("now", now)
                    .param("deliveredAt", to == DeliveryStatus.DELIVERED ? now : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                    .param("id", claim.deliveryId()).param("pending", PENDING)
                    .param("owner", claim.leaseOwner()).param("token", claim.leaseToken())
                    .update();
            if (changed != 1) {
                return lost(claim);
            }
            audit.delivery(claim.deliveryId(), PENDING, to.name(), detail, OUTBOX_ACTOR, now);
            return true;
        }));
    }

    /** The claim is no longer this attempt's (lease ran out and was claimed again, or replayed meanwhile). */
    private static boolean lost(DeliveryTask claim) {
        LOG.warn("Delivery {} to {}: the lease of this attempt was lost (it ran out and the delivery was claimed again);"
                + " its outcome is not recorded", claim.deliveryId(), claim.destination());
        return false;
    }

    /**
     * DEAD → PENDING for a fresh round of attempts. Idempotent: a delivery that is not DEAD is left
     * as it is. A dead delivery whose session has a later version pending or delivered to the same
     * destination is not replayed, since resending it would overtake that later version.
     */
    public ReplayResult replay(long deliveryId) {
        return replay(deliveryId, "system");
    }

    /** As {@link #replay(long)}, audited with the actor who asked for it. */
    public ReplayResult replay(long deliveryId, String actor) {
        return tx.execute(status -> {
            Optional<Row> found = jdbc.sql("select id, destination, session_key, status from ims_delivery where id = :id")
                    .param("id", deliveryId)
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("destination"), rs.getString("session_key"),
                            DeliveryStatus.valueOf(rs.getString("status"))))
                    .optional();
            if (found.isEmpty()) {
                return new ReplayResult(deliveryId, ReplayResult.Outcome.NOT_FOUND, null);
            }
            Row d = found.get();
            if (d.status() != DeliveryStatus.DEAD) {
                return new ReplayResult(deliveryId, ReplayResult.Outcome.UNCHANGED, d.status());
            }
            long later = jdbc.sql("""
                    select count(*) from ims_delivery
                    where destination = :destination and session_key = :key and id > :id and status <> :dead""")
                    .param("destination", d.destination()).param("key", d.sessionKey()).param("id", d.id())
                    .param("dead", DEAD)
                    .query(Long.class).single();
            if (later > 0) {
                return new ReplayResult(deliveryId, ReplayResult.Outcome.SUPERSEDED, d.status());
            }
            OffsetDateTime now = now();
            int changed = jdbc.sql("""
                    update ims_delivery set status = :pending, attempts = 0, next_attempt_at = current_timestamp,
                           lease_owner = null, lease_token = null, lease_until = null, updated_at = :now
                    where id = :id and status = :dead""")
                    .param("pending", PENDING).param("now", now).param("id", deliveryId).param("dead", DEAD)
                    .update();
            if (changed != 1) {
                return new ReplayResult(deliveryId, ReplayResult.Outcome.UNCHANGED, d.status());
            }
            audit.delivery(deliveryId, DEAD, PENDING, "replay", actor, now);
            return new ReplayResult(deliveryId, ReplayResult.Outcome.REPLAYED, DeliveryStatus.PENDING);
        });
    }

    private record Row(long id, String destination, String sessionKey, DeliveryStatus status) {
    }

    /** Replays every DEAD delivery of a destination (see {@link #replay(long)}). */
    public List<ReplayResult> replayAll(String destination) {
        return replayAll(destination, "system");
    }

    /** As {@link #replayAll(String)}, audited with the actor who asked for it. */
    public List<ReplayResult> replayAll(String destination, String actor) {
        List<Long> dead = jdbc.sql("select id from ims_delivery where destination = :destination and status = :dead order by id")
                .param("destination", destination).param("dead", DEAD)
                .query(Long.class).list();
        List<ReplayResult> results = new ArrayList<>(dead.size());
        for (long id : dead) {
            results.add(replay(id, actor));
        }
        return results;
    }
}
