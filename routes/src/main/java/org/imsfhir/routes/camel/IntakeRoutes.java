package org.imsfhir.routes.camel;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestParamType;
import org.imsfhir.routes.api.ApiDocs;
import org.imsfhir.routes.api.view.AccessAuditPage;
import org.imsfhir.routes.api.view.DeliveryView;
import org.imsfhir.routes.api.view.DestinationReplayAnswer;
import org.imsfhir.routes.api.view.IntakeAnswer;
import org.imsfhir.routes.api.view.ReplayAnswer;
import org.imsfhir.routes.api.view.SessionView;
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
        // Answers are written by the handlers (ApiJson); the OpenAPI document comes from these definitions.
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off)
                .apiContextPath(ApiDocs.PATH)
                // The description is rendered when asked for, with the host a proxy names in its
                // X-Forwarded-* headers; otherwise Camel renders it twice (JSON, YAML) while starting (0.4 s).
                .useXForwardHeaders(true)
                .apiProperty("api.title", "IMS FHIR adapter API")
                .apiProperty("api.version", ApiDocs.VERSION)
                .apiProperty("api.description", "Take IMS session records in, follow them to the EHR, insurers and"
                        + " registries, replay what failed. Every error is a FHIR OperationOutcome naming the field and"
                        + " the reason. Authentication: bearer JWT, client certificate or the local operator (HTTP Basic);"
                        + " the scope each operation needs is in its description.");

        rest("/ims").description("Records, deliveries and the access audit")
                .post("/sessions").routeId("rest-post-sessions")
                .description("Send records (scope submit): one JSON record, a JSON array, NDJSON (one record per line) or"
                        + " CSV (one row per treated site). The payload is stored before the answer; each record is read,"
                        + " checked, mapped and validated, and answered VALID or REJECTED with its OperationOutcome.")
                // No consumes(): the web layer would then refuse other types itself, without an
                // OperationOutcome and without the NDJSON aliases; the handler decides (415).
                .produces("application/json")
                .param().name("body").type(RestParamType.body).required(true)
                .description("The records, by Content-Type: application/json (one record or an array),"
                        + " application/x-ndjson (also application/ndjson, application/jsonl), text/csv (header row"
                        + " first)").endParam()
                .responseMessage().code(200).message("At least one record accepted: one result per record")
                .responseModel(IntakeAnswer.class).endResponseMessage()
                .responseMessage().code(422).message("Every record rejected: one result per record, each with its"
                        + " OperationOutcome").responseModel(IntakeAnswer.class).endResponseMessage()
                .responseMessage().code(400).message("The payload cannot be split into records (broken JSON, CSV header without the"
                        + " required columns), or an empty body: OperationOutcome").endResponseMessage()
                .responseMessage().code(413).message("The body is larger than ims.intake.max-body-size: OperationOutcome").endResponseMessage()
                .responseMessage().code(415).message("Content-Type other than JSON, NDJSON or CSV: OperationOutcome").endResponseMessage()
                .responseMessage().code(503).message("Busy (Retry-After): the judging queue or the request-byte budget is full;"
                        + " nothing was stored").endResponseMessage()
                .to("direct:intake-rest")

                .get("/sessions/{id}").routeId("rest-get-session")
                .description("One session message by its public id (scope read): stages, OperationOutcome, deliveries"
                        + " with attempts, claims, registry exclusions, audit trail. Another clinic's message answers"
                        + " like a missing one.")
                .produces("application/json")
                .param().name("id").type(RestParamType.path).required(true)
                .description("The message's public id (records[].id of the intake answer)").endParam()
                .responseMessage().code(200).message("The session message").responseModel(SessionView.class)
                .endResponseMessage()
                .responseMessage().code(404).message("No such message, or another clinic's: OperationOutcome").endResponseMessage()
                .to("direct:session-status")

                .get("/deliveries").routeId("rest-list-deliveries")
                .description("Deliveries of one destination in one state, of the caller's clinics (scope read; at most"
                        + " 1,000, oldest first)")
                .produces("application/json")
                .param().name("destination").type(RestParamType.query).required(true)
                .description("A configured destination (e.g. ehr)").endParam()
                .param().name("status").type(RestParamType.query).required(false).defaultValue("DEAD")
                .description("PENDING, DELIVERED or DEAD").endParam()
                .responseMessage().code(200).message("The deliveries").responseModel(DeliveryView[].class)
                .endResponseMessage()
                .responseMessage().code(400).message("Unknown status: OperationOutcome").endResponseMessage()
                .responseMessage().code(404).message("Unknown destination: OperationOutcome").endResponseMessage()
                .to("direct:list-deliveries")

                .get("/deliveries/summary").routeId("rest-delivery-summary")
                .description("Deliveries per destination and state, e.g. {\"ehr\":{\"PENDING\":3,\"DELIVERED\":120}}"
                        + " (scope read)")
                .produces("application/json")
                .responseMessage().code(200).message("Counts per destination and state").endResponseMessage()
                .to("direct:delivery-summary")

                .post("/deliveries/{id}/replay").routeId("rest-replay-delivery")
                .description("Send a DEAD delivery again (scope operate). Idempotent: a delivery that is not DEAD is"
                        + " left alone; one overtaken by a later version of its session is not sent.")
                .produces("application/json")
                .param().name("id").type(RestParamType.path).required(true).description("The delivery's public id")
                .endParam()
                .responseMessage().code(200).message("REPLAYED, or UNCHANGED when it was not DEAD")
                .responseModel(ReplayAnswer.class).endResponseMessage()
                .responseMessage().code(409).message("SUPERSEDED by a later version of the session")
                .responseModel(ReplayAnswer.class).endResponseMessage()
                .responseMessage().code(404).message("No such delivery, or another clinic's: OperationOutcome").endResponseMessage()
                .to("direct:replay-delivery")

                .post("/destinations/{destination}/replay").routeId("rest-replay-destination")
                .description("Send every DEAD delivery of a destination again (scope operate, callers of every clinic)")
                .produces("application/json")
                .param().name("destination").type(RestParamType.path).required(true)
                .description("A configured destination").endParam()
                .responseMessage().code(200).message("What each DEAD delivery became")
                .responseModel(DestinationReplayAnswer.class).endResponseMessage()
                .responseMessage().code(403).message("The caller is bound to some clinics: OperationOutcome").endResponseMessage()
                .responseMessage().code(404).message("Unknown destination: OperationOutcome").endResponseMessage()
                .to("direct:replay-destination")

                .get("/audit").routeId("rest-access-audit")
                .description("The access audit, newest first (scope admin): who called what, when, with which outcome")
                .produces("application/json")
                .param().name("actor").type(RestParamType.query).required(false).description("Only this caller").endParam()
                .param().name("target").type(RestParamType.query).required(false)
                .description("Only this target, e.g. session:<id>").endParam()
                .param().name("from").type(RestParamType.query).required(false)
                .description("From this time on (ISO-8601 date-time, inclusive)").endParam()
                .param().name("to").type(RestParamType.query).required(false)
                .description("Before this time (ISO-8601 date-time, exclusive)").endParam()
                .param().name("page").type(RestParamType.query).required(false).defaultValue("0")
                .description("Page number from 0").endParam()
                .param().name("size").type(RestParamType.query).required(false).defaultValue("100")
                .description("Entries per page, 1 to 1,000").endParam()
                .responseMessage().code(200).message("One page of entries").responseModel(AccessAuditPage.class)
                .endResponseMessage()
                .responseMessage().code(400).message("A parameter out of range: OperationOutcome").endResponseMessage()
                .to("direct:access-audit");
        ApiDocs.describeErrorBodies(getRestCollection());

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
