package org.imsfhir.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.imsfhir.routes.intake.PayloadBudget;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The request body limits: one body over the limit is 413; bodies together over the budget are
 * 503 with Retry-After, unread; a body's bytes are held until its (asynchronous) request is
 * answered and then given back. Every refusal carries an OperationOutcome.
 */
class BodySizeLimitFilterTest {

    private final PayloadBudget budget = new PayloadBudget(10 * 1024);
    private final BodySizeLimitFilter filter = new BodySizeLimitFilter(8 * 1024, budget, Duration.ofMillis(2500));

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        MockHttpServletResponse response = post(new byte[9 * 1024], (req, res) -> { });

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).contains("OperationOutcome").contains("8192 bytes");
        assertThat(budget.tryReserve(10 * 1024)).as("nothing held after a refusal").isPresent();
    }

    @Test
    void bodiesBeyondTheBudgetAre503WithRetryAfterUntilTheFirstIsAnswered() throws Exception {
        AtomicReference<MockAsyncContext> async = new AtomicReference<>();
        MockHttpServletResponse first = post(new byte[6 * 1024], (req, res) -> {
            assertThat(new String(req.getInputStream().readAllBytes())).hasSize(6 * 1024);
            async.set((MockAsyncContext) req.startAsync());
        });
        assertThat(first.getStatus()).isEqualTo(200);

        MockHttpServletResponse second = post(new byte[6 * 1024], (req, res) -> { throw new AssertionError("not read"); });
        assertThat(second.getStatus()).isEqualTo(503);
        assertThat(second.getHeader("Retry-After")).isEqualTo("3");
        assertThat(second.getContentAsString()).contains("OperationOutcome").contains("throttled");
        assertThat(budget.refusals()).isEqualTo(1);

        async.get().complete();
        MockHttpServletResponse third = post(new byte[6 * 1024], (req, res) -> { });
        assertThat(third.getStatus()).as("the first body's bytes were given back once it was answered").isEqualTo(200);
    }

    @Test
    void aChunkedBodyHoldsOnlyWhatItTurnedOutToBe() throws Exception {
        AtomicReference<MockAsyncContext> async = new AtomicReference<>();
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/ims/sessions");
        chunked.setAsyncSupported(true);
        chunked.setContent(new byte[1024]);
        chunked.addHeader("Transfer-Encoding", "chunked");
        chunked.setContentType("application/json");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(withoutLength(chunked), response, (req, res) -> async.set((MockAsyncContext) req.startAsync()));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(budget.tryReserve(9 * 1024)).as("only the 1 KiB read is held, not the 8 KiB it might have been").isPresent();
    }

    private MockHttpServletResponse post(byte[] body, FilterChain chain) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/ims/sessions");
        request.setAsyncSupported(true);
        request.setContent(body);
        request.setContentType("application/json");
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    /** A request that does not know its length (chunked transfer). */
    private static HttpServletRequest withoutLength(MockHttpServletRequest request) {
        return new jakarta.servlet.http.HttpServletRequestWrapper(request) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
    }
}
