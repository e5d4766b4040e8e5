package org.imsfhir.routes.shutdown;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.pipeline.Outcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first step of a graceful shutdown: as soon as the application context starts closing (SIGTERM),
 * readiness turns to REFUSING_TRAFFIC and every new API request is answered {@code 503} with
 * {@code Retry-After} and an OperationOutcome (nothing stored), so a load balancer or a sender moves
 * to another node. Requests already running finish (the web server's graceful shutdown waits for
 * them); Camel then stops the inbox and finishes the delivery attempts in flight.
 */
public class ShutdownGate extends OncePerRequestFilter implements ApplicationListener<ContextClosedEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownGate.class);

    private final ApplicationEventPublisher events;
    private final long retryAfterSeconds;
    private volatile boolean closing;

    public ShutdownGate(ApplicationEventPublisher events, Duration retryAfter) {
        this.events = events;
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (!closing) {
            closing = true;
            LOG.info("Shutting down: new requests are answered 503, work in flight is finished");
            AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        }
    }

    public boolean closing() {
        return closing;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !closing || request.getRequestURI().startsWith("/actuator/health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setStatus(503);
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Outcomes.toJson(Outcomes.error(IssueType.TRANSIENT,
                "This node is shutting down; nothing was stored. Send the request again (to another node) after "
                        + retryAfterSeconds + " seconds.")));
    }
}
