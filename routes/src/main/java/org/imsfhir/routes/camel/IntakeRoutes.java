package org.imsfhir.routes.camel;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.imsfhir.routes.api.DeliveryApi;
import org.imsfhir.routes.api.IntakeApi;
import org.imsfhir.routes.api.AuditApi;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.intake.InboxProcessor;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The REST API (on the Spring Boot web server through platform-http) and the watched inbox folder.
 * Processing is in plain beans; the routes only wire them.
 */
@Component
@Profile("!cli")
public class IntakeRoutes extends RouteBuilder {

    private final ImsProperties properties;
    private final IntakeApi intakeApi;
    private final DeliveryApi deliveryApi;
    private final InboxProcessor inbox;
    private final AuditApi auditApi;

    public IntakeRoutes(ImsProperties properties, IntakeApi intakeApi, DeliveryApi deliveryApi, InboxProcessor inbox,
                        AuditApi auditApi) {
        this.auditApi = auditApi;
        this.properties = properties;
        this.intakeApi = intakeApi;
        this.deliveryApi = deliveryApi;
        this.inbox = inbox;
    }

    @Override
    public void configure() {
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off);

        rest("/ims")
                .post("/sessions").routeId("rest-post-sessions").to("direct:intake-rest")
                .get("/sessions/{id}").routeId("rest-get-session").to("direct:session-status")
                .get("/deliveries").routeId("rest-list-deliveries").to("direct:list-deliveries")
                .get("/deliveries/summary").routeId("rest-delivery-summary").to("direct:delivery-summary")
                .post("/deliveries/{id}/replay").routeId("rest-replay-delivery").to("direct:replay-delivery")
                .post("/destinations/{destination}/replay").routeId("rest-replay-destination").to("direct:replay-destination")
                .get("/audit").routeId("rest-access-audit").to("direct:access-audit");

        from("direct:intake-rest").routeId("intake-rest").routeConfigurationId(ErrorHandlingConfiguration.API)
                .bean(intakeApi, "post");
        from("direct:session-status").routeId("session-status").routeConfigurationId(ErrorHandlingConfiguration.API)
                .bean(intakeApi, "status");
        from("direct:list-deliveries").routeId("list-deliveries").routeConfigurationId(ErrorHandlingConfiguration.API)
                .bean(deliveryApi, "list");
        from("direct:delivery-summary").routeId("delivery-summary").routeConfigurationId(ErrorHandlingConfiguration.API)
                .bean(deliveryApi, "summary");
        from("direct:replay-delivery").routeId("replay-delivery").routeConfigurationId(ErrorHandlingConfiguration.API)
                .bean(deliveryApi, "replayOne");
        from("direct:replay-destination").routeId("replay-destination").routeConfigurationId(ErrorHandlingConfiguration.API)
                .bean(deliveryApi, "replayDestination");
        from("direct:access-audit").routeId("access-audit").routeConfigurationId(ErrorHandlingConfiguration.API)
                .bean(auditApi, "find");

        ImsProperties.Inbox box = properties.intake().inbox();
        if (box.enabled()) {
            // Processed files go to done/ (with NAME.errors.json beside them when records failed), a
            // file over the size limit to failed/ with its report (the processor names the folder in a
            // header); a file whose processing broke off goes to failed/.
            fromF("file:%s?include=%s&exclude=%s&move=${header.%s}/${file:name}&moveFailed=failed&readLock=changed"
                            + "&readLockMinAge=%d&delay=%d&charset=UTF-8",
                    box.dir().toAbsolutePath().toString().replace('\\', '/'),
                    "(?i).*\\.(json|ndjson|jsonl|csv)", "(?i).*\\.errors\\.json", InboxProcessor.TARGET_HEADER,
                    Math.max(500, box.pollDelay().toMillis()), box.pollDelay().toMillis())
                    .routeId("intake-inbox").routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                    .setHeader(InboxProcessor.TARGET_HEADER, constant(InboxProcessor.DONE))
                    .process(inbox);
        }
    }
}
