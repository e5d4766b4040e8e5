package org.imsfhir.routes.camel;

import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.camel.builder.RouteBuilder;
import org.imsfhir.routes.config.ImsProperties;
import org.imsfhir.routes.config.NodeRegistration;
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
 * attempt per delivery per poll; the store keeps per-session order). Several nodes may poll one
 * database: each claim takes rows no other node holds, and a lease that ran out (its node died)
 * is claimed again by whichever node polls next. Also here: the node's heartbeat, and the recovery
 * of intakes abandoned by a node that is gone, at start and every lease. Each of these loops
 * handles its items one by one: a poison intake or a delivery whose attempt breaks off is set
 * aside with its reason and the others go on ({@link IntakeRecovery}, {@link OutboxGuard}).
 */
@Component
@Profile("!cli")
public class DeliveryRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryRoutes.class);

    private final ImsProperties properties;
    private final DeliveryService delivery;
    private final IntakeRecovery recovery;
    private final OutboxGuard outbox;
    private final NodeRegistration node;

    /** Exchange property: the last claimed batch was full, so more deliveries are probably due. */
    private static final String MORE_DUE = "imsMoreDue";

    public DeliveryRoutes(ImsProperties properties, DeliveryService delivery, IntakeRecovery recovery, OutboxGuard outbox,
                          NodeRegistration node) {
        this.properties = properties;
        this.delivery = delivery;
        this.recovery = recovery;
        this.outbox = outbox;
        this.node = node;
    }

    @Override
    public void configure() {
        ImsProperties.Delivery settings = properties.delivery();

        long heartbeat = NodeRegistration.heartbeatInterval(settings.lease()).toMillis();
        fromF("timer:ims-node-heartbeat?period=%d&delay=%d", heartbeat, heartbeat).routeId("node-heartbeat")
                .routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                .process(exchange -> {
                    try {
                        node.beat();
                    } catch (RuntimeException e) {
                        // The next beat tries again; only a lease without any makes this node look gone.
                        LOG.warn("Node heartbeat failed ({})", e.getClass().getName());
                    }
                });

        // A node that dies while this one runs is gone only a lease after its last heartbeat: so not only at start.
        fromF("timer:ims-intake-recovery?period=%d&delay=0", settings.lease().toMillis()).routeId("intake-recovery")
                .routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                .process(exchange -> recovery.resumeAbandoned());

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
