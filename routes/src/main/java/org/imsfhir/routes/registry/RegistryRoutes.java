package org.imsfhir.routes.registry;

import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;
import org.imsfhir.routes.camel.ErrorHandlingConfiguration;

/**
 * Registry feed routes: the REST API ({@code /ims/registries/{id}/batches}: list, run now, replay a
 * DEAD batch; {@code /ims/registries/{id}/exclusions}: sessions left out and why), a start-up recovery that delivers batches left WRITTEN by an earlier process, and
 * a poll that retries WRITTEN batches whose next attempt is due. Error handling: the service's one
 * route configuration (API: 500 with an OperationOutcome; WORKER: log and go on).
 */
public class RegistryRoutes extends RouteBuilder {
    private final RegistryApi api;
    private final RegistryBatchService service;
    private final Duration retryPoll;

    public RegistryRoutes(RegistryApi api, RegistryBatchService service, Duration retryPoll) {
        this.api = api;
        this.service = service;
        this.retryPoll = retryPoll;
    }

    @Override
    public void configure() {
        rest("/ims/registries")
                .get("/{registry}/batches").routeId("rest-list-registry-batches").to("direct:registry-list")
                .post("/{registry}/batches").routeId("rest-run-registry-batch").to("direct:registry-run")
                .post("/{registry}/batches/{batchId}/replay").routeId("rest-replay-registry-batch").to("direct:registry-replay")
                .get("/{registry}/exclusions").routeId("rest-list-registry-exclusions").to("direct:registry-exclusions");

        from("direct:registry-list").routeId("registry-list").routeConfigurationId(ErrorHandlingConfiguration.API)
                .process(api::list);
        from("direct:registry-run").routeId("registry-run").routeConfigurationId(ErrorHandlingConfiguration.API)
                .process(api::run);
        from("direct:registry-exclusions").routeId("registry-exclusions").routeConfigurationId(ErrorHandlingConfiguration.API)
                .process(api::exclusions);
        from("direct:registry-replay").routeId("registry-replay").routeConfigurationId(ErrorHandlingConfiguration.API)
                .process(api::replay);

        from("timer:ims-registry-recovery?repeatCount=1&delay=0").routeId("registry-startup-recovery")
                .routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                .process(e -> service.deliverDue(true));
        fromF("timer:ims-registry-retry?period=%d&delay=%d", retryPoll.toMillis(), retryPoll.toMillis())
                .routeId("registry-retry-poll").routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                .process(e -> service.deliverDue(false));
    }
}
