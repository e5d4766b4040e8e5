package org.imsfhir.routes.camel;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.pipeline.Outcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Error handling for every route, in one place. Retries and dead letters of deliveries are
 * business state kept in the outbox (see DeliveryService), not Camel redeliveries; what reaches
 * these handlers is unexpected (a bug, the database gone). Logged without exception messages.
 * <ul>
 *   <li>{@value #API}: REST routes answer 500 with an OperationOutcome.</li>
 *   <li>{@value #WORKER}: background routes (inbox, outbox) log and go on; an inbox file whose
 *       processing failed is moved to {@code failed/} by the file consumer; a delivery whose
 *       attempt failed is retried when its lease runs out.</li>
 * </ul>
 */
@Component
@Profile("!cli")
public class ErrorHandlingConfiguration extends RouteConfigurationBuilder {

    public static final String API = "api-errors";
    public static final String WORKER = "worker-errors";

    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlingConfiguration.class);

    @Override
    public void configuration() {
        routeConfiguration(API)
                .onException(Exception.class)
                .handled(true)
                .process(exchange -> {
                    log(exchange);
                    exchange.getMessage().removeHeaders("*");
                    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 500);
                    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/fhir+json");
                    exchange.getMessage().setBody(Outcomes.toJson(Outcomes.error(IssueType.EXCEPTION,
                            "Internal error; the payload, if stored, is kept. Try again later.")));
                });

        routeConfiguration(WORKER)
                .onException(Exception.class)
                .handled(false)
                .process(ErrorHandlingConfiguration::log);
    }

    private static void log(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("Route {} failed on exchange {}", exchange.getFromRouteId(), exchange.getExchangeId(),
                SafeThrowable.of(error));
    }
}
