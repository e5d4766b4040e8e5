package org.imsfhir.routes.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.imsfhir.routes.ImsAdapterApplication;
import org.imsfhir.routes.store.NodeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole service twice on one database with the same configured node id (files only, no receiver):
 * the first starts, registers and shows its id; the second refuses to start with Spring Boot's short
 * report naming the id and what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class NodeStartTest {

    @TempDir
    Path work;

    private String[] arguments(String database) {
        return new String[] {
                "--spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
                "--server.port=0",
                "--ims.delivery.node-id=ims-a",
                "--ims.validation.warm-up=false",
                "--ims.intake.inbox.enabled=false",
                "--ims.delivery.destinations.ehr.dir=" + work.resolve("out"),
                "--ims.security.local-operator.credential-file=" + work.resolve("operator-credential")};
    }

    @Test
    void aSecondNodeWithTheSameConfiguredIdRefusesToStart(CapturedOutput output) {
        String database = "node-start-" + System.nanoTime();
        try (ConfigurableApplicationContext first = ImsAdapterApplication.application(new String[0]).run(arguments(database))) {
            assertThat(first.getBean(NodeRegistration.class).nodeId()).isEqualTo("ims-a");
            assertThat(first.getBean(CamelContext.class).getRoute("node-heartbeat")).isNotNull();
            assertThat(first.getBean(CamelContext.class).getRoute("intake-recovery")).isNotNull();
            assertThat(output).contains("Node id ims-a (configured), registered");

            assertThatThrownBy(() -> ImsAdapterApplication.application(new String[0]).run(arguments(database)).close())
                    .hasRootCauseInstanceOf(NodeRegistry.NodeIdInUseException.class);
            assertThat(output).contains("APPLICATION FAILED TO START")
                    .contains("Node id 'ims-a' is in use by a live node")
                    .contains("set a different ims.delivery.node-id (IMS_NODE_ID)");
        }
    }
}
