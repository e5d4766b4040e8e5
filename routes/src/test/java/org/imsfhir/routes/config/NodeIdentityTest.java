package org.imsfhir.routes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.imsfhir.routes.delivery.LeaseBudget;
import org.imsfhir.routes.store.NodeRegistry;
import org.imsfhir.routes.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Node ids unique by default, and a node whose id a live node holds refuses to start with a clear report. */
class NodeIdentityTest {

    @Test
    void withoutAConfiguredIdEveryProcessGetsItsOwn() {
        NodeIdentity one = NodeIdentity.of(null);
        NodeIdentity two = NodeIdentity.of("  ");

        assertThat(one.generated()).isTrue();
        assertThat(one.id()).isNotEqualTo(two.id()).hasSizeLessThanOrEqualTo(NodeIdentity.MAX_LENGTH)
                .matches("[a-z0-9.-]+-[0-9a-f]{6}");
        assertThat(NodeIdentity.of(" ims-a ")).extracting(NodeIdentity::id, NodeIdentity::generated)
                .containsExactly("ims-a", false);
        assertThatThrownBy(() -> NodeIdentity.of("x".repeat(65))).hasMessageContaining("ims.delivery.node-id");
    }

    @Test
    void aSecondNodeWithTheSameConfiguredIdRefusesToStartAndSaysWhy() {
        var dataSource = TestDatabases.h2("node-identity");
        NodeRegistry registry = new NodeRegistry(dataSource, new DataSourceTransactionManager(dataSource), Clock.systemUTC());
        NodeIdentity configured = NodeIdentity.of("ims-a");
        try (NodeRegistration first = new NodeRegistration(registry, configured, Duration.ofMinutes(5))) {
            Throwable refused = catchStart(() -> new NodeRegistration(registry, configured, Duration.ofMinutes(5)));

            FailureAnalysis report = new ClusterFailureAnalyzer().analyze(new IllegalStateException("bean creation", refused));
            assertThat(report.getDescription()).startsWith("Node id 'ims-a' is in use by a live node");
            assertThat(report.getAction()).contains("IMS_NODE_ID");
            first.beat();
        }
        // Stopped: the id is free at once.
        new NodeRegistration(registry, configured, Duration.ofMinutes(5)).close();
    }

    @Test
    void aLeaseTooShortIsReportedWithTheLeaseItNeeds() {
        Throwable refused = catchStart(() -> LeaseBudget.check(Duration.ofSeconds(30),
                java.util.Map.of("ehr", new org.imsfhir.routes.delivery.DestinationSender() {
                    @Override
                    public org.imsfhir.routes.delivery.SendResult send(org.imsfhir.routes.store.DeliveryTask task) {
                        return null;
                    }

                    @Override
                    public Duration longestAttempt() {
                        return Duration.ofSeconds(40);
                    }
                })));

        FailureAnalysis report = new ClusterFailureAnalyzer().analyze(refused);
        assertThat(report.getDescription()).contains("destination 'ehr'").contains("at least PT50S");
        assertThat(report.getAction()).contains("ims.delivery.lease");
    }

    private static Throwable catchStart(Runnable start) {
        try {
            start.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the start was not refused");
    }
}
