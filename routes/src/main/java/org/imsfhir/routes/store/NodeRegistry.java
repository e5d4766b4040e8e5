package org.imsfhir.routes.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The nodes sharing one database ({@code ims_node}): each registers its id at start and beats
 * regularly; by the database's clock, a node whose last heartbeat is older than the lease is gone.
 * Two live nodes never hold one id: the second is refused ({@link NodeIdInUseException}).
 */
public class NodeRegistry extends JdbcStore {

    public NodeRegistry(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        super(dataSource, transactions, clock);
    }

    /** This process's hold on a node id; {@code instance} tells it from an earlier or later process with the same id. */
    public record Registration(String nodeId, String instance) {
    }

    /** A live node already holds the id: what happened and what to do (the start-up failure report shows both). */
    public static final class NodeIdInUseException extends IllegalStateException {
        private final String description;
        private final String action;

        NodeIdInUseException(String description, String action) {
            super(description + " " + action);
            this.description = description;
            this.action = action;
        }

        public String description() {
            return description;
        }

        public String action() {
            return action;
        }
    }

    /**
     * Takes {@code nodeId} for this process, unless a live node holds it (heartbeat within
     * {@code lease}). An earlier holder that is gone (a previous run with the same configured id)
     * leaves its delivery leases and unfinished intakes behind: they are freed in the same
     * transaction, since no live node works on them.
     */
    public Registration register(String nodeId, String host, Duration lease) {
        Registration registration = new Registration(nodeId, UUID.randomUUID().toString());
        try {
            tx.executeWithoutResult(status -> {
                Optional<String> live = jdbc.sql("""
                        select host from ims_node
                        where id = :id and heartbeat_at >= current_timestamp - cast(:ms as bigint) * interval '0.001' second
                        for update""")
                        .param("id", nodeId).param("ms", lease.toMillis())
                        .query((rs, n) -> String.valueOf(rs.getString("host"))).optional();
                if (live.isPresent()) {
                    throw inUse(nodeId, live.get(), lease);
                }
                jdbc.sql("delete from ims_node where id = :id").param("id", nodeId).update();
                jdbc.sql("""
                        insert into ims_node (id, instance, host, started_at, heartbeat_at)
                        values (:id, :instance, :host, current_timestamp, current_timestamp)""")
                        .param("id", nodeId).param("instance", registration.instance())
                        .param("host", truncate(host, 255)).update();
                jdbc.sql("""
                        update ims_delivery set lease_owner = null, lease_token = null, lease_until = null
                        where lease_owner = :id and status = :pending""")
                        .param("id", nodeId).param("pending", DeliveryStatus.PENDING.name()).update();
                jdbc.sql("update ims_intake set node_id = null where node_id = :id and processed_at is null")
                        .param("id", nodeId).update();
            });
        } catch (DuplicateKeyException raced) {
            // Another process registered the same id between our check and insert.
            throw inUse(nodeId, "another process", lease);
        }
        return registration;
    }

    private static NodeIdInUseException inUse(String nodeId, String host, Duration lease) {
        return new NodeIdInUseException("Node id '" + nodeId + "' is in use by a live node (host " + host
                + ", heartbeat within the lease " + lease + ").", "Every instance on one database needs its own id:"
                + " set a different ims.delivery.node-id (IMS_NODE_ID), or leave it unset for a generated one. If that"
                + " node has stopped, its id is free once its last heartbeat is older than ims.delivery.lease.");
    }

    /** Records that the node is alive; false when this process no longer holds its id (it was taken as gone). */
    public boolean heartbeat(Registration registration) {
        return jdbc.sql("update ims_node set heartbeat_at = current_timestamp where id = :id and instance = :instance")
                .param("id", registration.nodeId()).param("instance", registration.instance()).update() == 1;
    }

    /** Gives the id up (a stopping node), so that it is free at once. */
    public void deregister(Registration registration) {
        jdbc.sql("delete from ims_node where id = :id and instance = :instance")
                .param("id", registration.nodeId()).param("instance", registration.instance()).update();
    }

    /** Whether a node with this id beat within {@code lease}. */
    public boolean live(String nodeId, Duration lease) {
        return jdbc.sql("""
                select count(*) from ims_node
                where id = :id and heartbeat_at >= current_timestamp - cast(:ms as bigint) * interval '0.001' second""")
                .param("id", nodeId).param("ms", lease.toMillis()).query(Long.class).single() > 0;
    }
}
