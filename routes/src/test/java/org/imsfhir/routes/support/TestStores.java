package org.imsfhir.routes.support;

import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.imsfhir.routes.store.DeliveryTask;
import org.imsfhir.routes.store.IntakeStore;
import org.imsfhir.routes.store.OutboxStore;
import org.imsfhir.routes.store.StatusQueries;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The three message stores on one test database, sharing one transaction manager as in the service:
 * intake, outbox and status queries.
 */
public record TestStores(DataSource dataSource, IntakeStore intake, OutboxStore outbox, StatusQueries status) {

    /** The node id the intake store holds its intakes under, and {@link #claim} leases to. */
    public static final String NODE = "test-node";

    public static TestStores on(DataSource dataSource, Clock clock) {
        return on(dataSource, clock, NODE);
    }

    public static TestStores on(DataSource dataSource, Clock clock, String nodeId) {
        PlatformTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        return new TestStores(dataSource, new IntakeStore(dataSource, transactions, clock, nodeId),
                new OutboxStore(dataSource, transactions, clock), new StatusQueries(dataSource, transactions, clock));
    }

    /**
     * Leases one PENDING delivery to {@link #NODE} as a claim would (due or not), so that a test can
     * record its outcome without polling the whole outbox.
     */
    public DeliveryTask claim(long deliveryId) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        String token = UUID.randomUUID().toString();
        int changed = jdbc.sql("""
                update ims_delivery set lease_owner = :owner, lease_token = :token,
                       lease_until = current_timestamp + interval '1' minute
                where id = :id and status = 'PENDING'""")
                .param("owner", NODE).param("token", token).param("id", deliveryId).update();
        if (changed != 1) {
            throw new IllegalStateException("delivery " + deliveryId + " is not PENDING");
        }
        return jdbc.sql("""
                select d.id, d.message_id, d.destination, d.session_key, d.attempts, m.bundle
                from ims_delivery d join ims_message m on m.id = d.message_id where d.id = :id""")
                .param("id", deliveryId)
                .query((rs, n) -> new DeliveryTask(rs.getLong("id"), rs.getLong("message_id"), rs.getString("destination"),
                        rs.getString("session_key"), rs.getInt("attempts"), rs.getString("bundle"), NODE, token))
                .single();
    }
}
