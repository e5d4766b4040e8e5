package org.imsfhir.routes.camel;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.camel.builder.RouteBuilder;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.delivery.DeliveryService;
import org.imsfhir.routes.store.DeliveryTask;
import org.imsfhir.routes.intake.IntakeRecovery;
import org.imsfhir.routes.poison.OutboxGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The outbox poller: claims due deliveries from the store and attempts them on a small pool (one
 * attempt per delivery per poll; the store keeps per-session order). Because the outbox is in the
 * database, a restart simply resumes: leases of the previous run are freed at start-up, and
 * intakes that were stored but not judged are finished. Each of these loops handles its items one
 * by one: a poison intake or a delivery whose attempt breaks off is set aside with its reason and
 * the others go on ({@link IntakeRecovery}, {@link OutboxGuard}).
 */
@Component
@Profile("!cli")
public class DeliveryRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRoutes.class);

    private final ImsProperties properties;
    private final DeliveryService delivery;
    private final IntakeRecovery recovery;
    private final OutboxGuard outbox;
    /** Intakes received before this run started and never finished belong to an earlier run. */
    private final OffsetDateTime startedAt = OffsetDateTime.now();

    /** Exchange property: the last claimed batch was full, so more deliveries are probably due. */
    private static final String MORE_DUE = "imsMoreDue";

    public DeliveryRoutes(ImsProperties properties, DeliveryService delivery, IntakeRecovery recovery, OutboxGuard outbox) {
        this.properties = properties;
        this.delivery = delivery;
        this.recovery = recovery;
        this.outbox = outbox;
    }

    @Override
    public void configure() {
        ImsProperties.Delivery settings = properties.delivery();

        from("timer:ims-startup-recovery?repeatCount=1&delay=0").routeId("startup-recovery")
                .routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                .process(exchange -> {
                    try {
                        delivery.releaseOwnLeases();
                    } catch (RuntimeException e) {
                        // Recovery of intakes goes on; leases of the earlier run then simply run out.
                        LOG.warn("Could not free the delivery leases of an earlier run ({})", e.getClass().getName());
                    }
                    recovery.resumeUnprocessed(startedAt);
                });

        if (!settings.enabled()) {
            return;
        }
        ExecutorService pool = getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "ims-delivery", Math.max(1, settings.concurrency()));

        // Each poll claims a batch, waits for its attempts (synchronous), and claims the next batch at
        // once while batches come back full: a node never holds more than batch-size leases, never
        // idles while work is due, and a shutdown finds at most one batch in flight.
        fromF("timer:ims-outbox?period=%d&delay=%d", settings.pollInterval().toMillis(), settings.pollInterval().toMillis())
                .routeId("outbox-poll").routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                .setProperty(MORE_DUE, constant(true))
                .loopDoWhile(exchangeProperty(MORE_DUE).isEqualTo(true))
                    .process(exchange -> {
                        List<DeliveryTask> batch = delivery.claim();
                        exchange.getMessage().setBody(batch);
                        exchange.setProperty(MORE_DUE, batch.size() >= settings.batchSize()
                                && exchange.getContext().getStatus().isStarted());
                    })
                    .split(body()).parallelProcessing().executorService(pool).synchronous()
                        .to("direct:deliver")
                    .end()
                .end();

        from("direct:deliver").routeId("outbox-deliver").routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                .bean(outbox, "attempt");
    }
}
