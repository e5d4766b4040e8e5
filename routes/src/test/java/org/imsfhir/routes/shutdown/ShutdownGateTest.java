package org.imsfhir.routes.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The first step of a graceful shutdown: readiness DOWN and 503 for new requests, health still answered. */
class ShutdownGateTest {

    private final List<Object> events = new ArrayList<>();
    private final ShutdownGate gate = new ShutdownGate(events::add, Duration.ofSeconds(5));

    @Test
    void requestsPassUntilTheContextCloses() throws Exception {
        MockHttpServletResponse response = run("/ims/sessions");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(gate.closing()).isFalse();
    }

    @Test
    void onceClosingNewRequestsGet503WithRetryAfterAndAnOperationOutcomeAndReadinessIsRefused() throws Exception {
        gate.onApplicationEvent(new ContextClosedEvent(new GenericApplicationContext()));

        MockHttpServletResponse response = run("/ims/sessions");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentAsString()).contains("\"resourceType\":\"OperationOutcome\"", "shutting down");
        assertThat(events).singleElement().isInstanceOfSatisfying(AvailabilityChangeEvent.class,
                e -> assertThat(e.getState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC));
        assertThat(run("/actuator/health/readiness").getStatus()).as("probes still answer").isEqualTo(200);
    }

    private MockHttpServletResponse run(String uri) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri);
        request.setRequestURI(uri);
        MockHttpServletResponse response = new MockHttpServletResponse();
        gate.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
