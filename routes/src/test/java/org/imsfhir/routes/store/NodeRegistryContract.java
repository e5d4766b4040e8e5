package org.imsfhir.routes.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.imsfhir.routes.support.TestStores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Node ids and liveness on one database, run against each database (see {@link H2MessageStoreTest},
 * {@link PostgresMessageStoreTest}): a live node's id is refused to a second node, a node without a
 * heartbeat for a lease is gone, and recovery takes only the intakes of nodes that are gone.
 */
abstract class NodeRegistryContract {

    private static final Duration LEASE = Duration.ofMinutes(1);

    private NodeRegistry registry;
    private JdbcClient sql;
    private String id;

    /** A migrated, shared data source for this database. */
    protected abstract DataSource dataSource();

    @BeforeEach
    void createRegistry() {
        registry = new NodeRegistry(dataSource(), new DataSourceTransactionManager(dataSource()), Clock.systemUTC());
        sql = JdbcClient.create(dataSource());
        id = "node-" + System.nanoTime();
    }

    /** As if the node had stopped beating two leases ago (database clock). */
    private void silence(String nodeId) {
        sql.sql("update ims_node set heartbeat_at = current_timestamp - interval '2' minute where id = :id")
                .param("id", nodeId).update();
    }

    @Test
    void aSecondLiveNodeWithTheSameIdIsRefused() {
        registry.register(id, "host-a", LEASE);

        assertThatThrownBy(() -> registry.register(id, "host-b", LEASE))
                .isInstanceOf(NodeRegistry.NodeIdInUseException.class)
                .hasMessageContaining("Node id '" + id + "' is in use by a live node (host host-a")
                .hasMessageContaining("ims.delivery.node-id (IMS_NODE_ID)");
        assertThat(registry.live(id, LEASE)).isTrue();
    }

    @Test
    void aNodeWithoutAHeartbeatForALeaseIsGoneAndItsIdFree() {
        NodeRegistry.Registration first = registry.register(id, "host-a", LEASE);
        assertThat(registry.heartbeat(first)).isTrue();
        silence(id);
        assertThat(registry.live(id, LEASE)).isFalse();

        NodeRegistry.Registration second = registry.register(id, "host-b", LEASE);

        assertThat(registry.live(id, LEASE)).isTrue();
        assertThat(registry.heartbeat(first)).as("the earlier process no longer holds the id").isFalse();
        assertThat(registry.heartbeat(second)).isTrue();
    }

    @Test
    void aStoppedNodesIdIsFreeAtOnce() {
        NodeRegistry.Registration first = registry.register(id, "host-a", LEASE);
        registry.deregister(first);

        registry.register(id, "host-a", LEASE);
        assertThat(registry.live(id, LEASE)).isTrue();
    }

    @Test
    void takingOverAGoneNodesIdFreesTheLeasesItLeftBehind() {
        TestStores stores = TestStores.on(dataSource(), Clock.systemUTC(), id);
        long intake = stores.intake().saveIntake(Channel.REST, null, "application/json", "{}");
        long message = stores.intake().addReceived(intake, List.of(new NewRecord(0, "https://nodes.example|" + id,
                "application/json", "{}"))).get(0);
        long delivery = stores.intake().accept(message, null, "{}", List.of("ehr-" + id)).get(0);
        registry.register(id, "host-a", LEASE);
        sql.sql("update ims_delivery set lease_owner = :id, lease_token = 't', lease_until = current_timestamp + interval '1' hour"
                + " where id = :d").param("id", id).param("d", delivery).update();
        silence(id);

        registry.register(id, "host-a", LEASE);

        assertThat(sql.sql("select lease_owner from ims_delivery where id = :d").param("d", delivery)
                .query(String.class).optional()).isEmpty();
        assertThat(sql.sql("select node_id from ims_intake where id = :i").param("i", intake)
                .query(String.class).optional()).as("its unfinished intake is left to recovery").isEmpty();
    }

    // ---------------------------------------------------------------- recovery of intakes

    @Test
    void recoveryTakesOnlyIntakesOfGoneNodesHeldLongerThanALease() {
        String other = id + "-other";
        registry.register(id, "host-a", LEASE);
        IntakeStore live = TestStores.on(dataSource(), Clock.systemUTC(), id).intake();
        IntakeStore recovering = TestStores.on(dataSource(), Clock.systemUTC(), other).intake();
        long held = live.saveIntake(Channel.REST, null, "application/json", "{}");
        age(held);

        assertThat(recovering.takeAbandoned(100, LEASE)).as("a live node's intake, however old").doesNotContain(held);

        silence(id);
        long fresh = live.saveIntake(Channel.REST, null, "application/json", "{}");
        List<Long> taken = recovering.takeAbandoned(100, LEASE);
        assertThat(taken).contains(held).as("held for less than a lease").doesNotContain(fresh);
        assertThat(sql.sql("select node_id from ims_intake where id = :i").param("i", held).query(String.class).single())
                .isEqualTo(other);
        assertThat(live.takeAbandoned(100, LEASE)).as("just taken over: held for less than a lease")
                .doesNotContain(held);
    }

    @Test
    void aFinishedIntakeIsNeverTaken() {
        IntakeStore gone = TestStores.on(dataSource(), Clock.systemUTC(), id).intake();
        long done = gone.saveIntake(Channel.REST, null, "application/json", "{}");
        gone.markIntakeProcessed(done);
        age(done);

        assertThat(TestStores.on(dataSource(), Clock.systemUTC(), id + "-other").intake().takeAbandoned(100, LEASE))
                .doesNotContain(done);
    }

    /** As if the intake had been held for two leases (database clock). */
    private void age(long intakeId) {
        sql.sql("update ims_intake set node_since = current_timestamp - interval '2' minute where id = :i")
                .param("i", intakeId).update();
    }
}
