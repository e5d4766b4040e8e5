package org.imsfhir.routes.camel;

import java.time.OffsetDateTime;
import java.util.concurrent.ExecutorService;
import org.apache.camel.builder.RouteBuilder;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.delivery.DeliveryService;
import org.imsfhir.routes.intake.IntakeService;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The outbox poller: claims due deliveries from the store and attempts them on a small pool (one
 * attempt per delivery per poll; the store keeps per-session order). Because the outbox is in the
 * database, a restart simply resumes: leases of the previous run are freed at start-up, and
 * intakes that were stored but not judged are finished.
 */
@Component
@Profile("!cli")
public class DeliveryRoutes extends RouteBuilder {

    private final ImsProperties properties;
    private final DeliveryService delivery;
    private final IntakeService intake;
    /** Intakes received before this run started and never finished belong to an earlier run. */
    private final OffsetDateTime startedAt = OffsetDateTime.now();

    public DeliveryRoutes(ImsProperties properties, DeliveryService delivery, IntakeService intake) {
        this.properties = properties;
        this.delivery = delivery;
        this.intake = intake;
    }

    @Override
    public void configure() {
        ImsProperties.Delivery settings = properties.delivery();

        from("timer:ims-startup-recovery?repeatCount=1&delay=0").routeId("startup-recovery")
                .routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                .process(exchange -> {
                    delivery.releaseOwnLeases();
                    intake.resumeUnprocessed(startedAt);
                });

        if (!settings.enabled()) {
            return;
        }
        ExecutorService pool = getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "ims-delivery", Math.max(1, settings.concurrency()));

        fromF("timer:ims-outbox?period=%d&delay=%d", settings.pollInterval().toMillis(), settings.pollInterval().toMillis())
                .routeId("outbox-poll").routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                .process(exchange -> exchange.getMessage().setBody(delivery.claim()))
                .split(body()).parallelProcessing().executorService(pool)
                    .to("direct:deliver")
                .end();

        from("direct:deliver").routeId("outbox-deliver").routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                .bean(delivery, "attempt");
    }
}
