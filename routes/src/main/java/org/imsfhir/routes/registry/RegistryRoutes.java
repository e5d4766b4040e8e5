package org.imsfhir.routes.registry;

import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import org.imsfhir.routes.api.ApiDocs;
import org.imsfhir.routes.api.view.BatchRunAnswer;
import org.imsfhir.routes.api.view.ExclusionView;
import org.imsfhir.routes.api.view.RegistryBatchView;
import org.imsfhir.routes.camel.ErrorHandlingConfiguration;

/**
 * Registry feed routes: the REST API ({@code /ims/registries/{id}/batches}: list, run now, replay a
 * DEAD batch; {@code /ims/registries/{id}/exclusions}: sessions left out and why), a start-up recovery that delivers batches left WRITTEN by an earlier process, and
 * a poll that retries WRITTEN batches whose next attempt is due. Error handling: the service's one
 * route configuration (API: 500 with an OperationOutcome; WORKER: log and go on).
 */
public class RegistryRoutes extends RouteBuilder {
    private static final String FEED = "A configured registry feed (ims.registry.feeds), e.g. national-ims";

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
        rest("/ims/registries").description("National registry feeds: pseudonymised Bulk Data NDJSON batches")
                .get("/{registry}/batches").routeId("rest-list-registry-batches")
                .description("The feed's latest 100 batches, each with the sessions it left out and the earlier"
                        + " exclusions it closed (scope read)")
                .produces("application/json")
                .param().name("registry").type(RestParamType.path).required(true).description(FEED).endParam()
                .responseMessage().code(200).message("The batches, newest first").responseModel(RegistryBatchView[].class)
                .endResponseMessage()
                .responseMessage().code(404).message("Unknown registry: OperationOutcome").endResponseMessage()
                .to("direct:registry-list")

                .post("/{registry}/batches").routeId("rest-run-registry-batch")
                .description("Cut and deliver a batch now (scope operate): the VALID, consenting records since the"
                        + " last batch")
                .produces("application/json")
                .param().name("registry").type(RestParamType.path).required(true).description(FEED).endParam()
                .responseMessage().code(200).message("DELIVERED, EMPTY, NOTHING_NEW or BUSY (another run holds the feed)")
                .responseModel(BatchRunAnswer.class).endResponseMessage()
                .responseMessage().code(202).message("RETRY_SCHEDULED: written, the push failed and is retried")
                .responseModel(BatchRunAnswer.class).endResponseMessage()
                .responseMessage().code(409).message("BLOCKED: an earlier batch is not delivered yet")
                .responseModel(BatchRunAnswer.class).endResponseMessage()
                .responseMessage().code(502).message("DEAD: the registry refused the batch for good")
                .responseModel(BatchRunAnswer.class).endResponseMessage()
                .responseMessage().code(404).message("Unknown registry: OperationOutcome").endResponseMessage()
                .to("direct:registry-run")

                .post("/{registry}/batches/{batchId}/replay").routeId("rest-replay-registry-batch")
                .description("Deliver a DEAD batch again, the same files (scope operate)")
                .produces("application/json")
                .param().name("registry").type(RestParamType.path).required(true).description(FEED).endParam()
                .param().name("batchId").type(RestParamType.path).required(true).description("The batch's id").endParam()
                .responseMessage().code(200).message("What the delivery did (as for running a batch)")
                .responseModel(BatchRunAnswer.class).endResponseMessage()
                .responseMessage().code(404).message("Unknown registry or batch: OperationOutcome").endResponseMessage()
                .to("direct:registry-replay")

                .get("/{registry}/exclusions").routeId("rest-list-registry-exclusions")
                .description("Sessions the feed left out and why, at most 500 (scope read)")
                .produces("application/json")
                .param().name("registry").type(RestParamType.path).required(true).description(FEED).endParam()
                .param().name("state").type(RestParamType.query).required(false)
                .description("OPEN, RESENT, SUPERSEDED or WITHDRAWN; all when absent").endParam()
                .responseMessage().code(200).message("The exclusions").responseModel(ExclusionView[].class)
                .endResponseMessage()
                .responseMessage().code(400).message("Unknown state: OperationOutcome").endResponseMessage()
                .responseMessage().code(404).message("Unknown registry: OperationOutcome").endResponseMessage()
                .to("direct:registry-exclusions");
        ApiDocs.describeErrorBodies(getRestCollection());

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
