package org.imsfhir.routes.retention;

import org.apache.camel.builder.RouteBuilder;
import org.imsfhir.routes.camel.ErrorHandlingConfiguration;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The scheduled purge (route {@code retention-purge}): every {@code ims.retention.purge-interval}, the
 * first run one interval after start (or a minute, if shorter) so start-up is not slowed. A failed
 * run is logged (worker error handling) and the next one tries again. No route when
 * {@code ims.retention.enabled} is false.
 */
@Component
@Profile("!cli")
public class RetentionRoutes extends RouteBuilder {

    private final RetentionProperties properties;
    private final RetentionPurge purge;

    public RetentionRoutes(RetentionProperties properties, RetentionPurge purge) {
        this.properties = properties;
        this.purge = purge;
    }

    @Override
    public void configure() {
        if (!properties.enabled()) {
            return;
        }
        long period = properties.purgeInterval().toMillis();
        fromF("timer:retention-purge?period=%d&delay=%d", period, Math.min(period, 60_000L))
                .routeId("retention-purge").routeConfigurationId(ErrorHandlingConfiguration.WORKER)
                .process(exchange -> purge.run());
    }
}
