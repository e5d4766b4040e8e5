package org.imsfhir.routes.api;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.intake.PayloadBudget;
import org.imsfhir.routes.pipeline.Outcomes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds request bodies, before any of it is stored or parsed: one body over the limit is refused
 * with 413 (at once when Content-Length says so, else as soon as the limit is passed while reading),
 * and the bytes of all bodies held at once are bounded by a {@link PayloadBudget}: a body that does
 * not fit now is refused with 503 and {@code Retry-After}, unread, so that many large bodies at the
 * same time cannot exhaust the heap. A body's bytes count until its request is answered (the REST
 * routes answer asynchronously: until the async request completes). Bodies within the limits are
 * buffered and handed on unchanged. Both answers carry an OperationOutcome.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long limit;
    private final PayloadBudget budget;
    private final long retryAfterSeconds;

    /** Only the per-body limit (no budget for all bodies together). */
    public BodySizeLimitFilter(long limit) {
        this(limit, new PayloadBudget(Long.MAX_VALUE / 2), Duration.ofSeconds(5));
    }

    public BodySizeLimitFilter(long limit, PayloadBudget budget, Duration retryAfter) {
        this.limit = limit;
        this.budget = budget;
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod()) && !"PUT".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuseTooLarge(response);
            return;
        }
        // A chunked body may be as large as the limit: hold that much until it has been read.
        Optional<PayloadBudget.Reservation> reserved = budget.tryReserve(declared >= 0 ? declared : limit);
        if (reserved.isEmpty()) {
            budget.refused();
            refuseBusy(response);
            return;
        }
        PayloadBudget.Reservation reservation = reserved.get();
        boolean releasedLater = false;
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), limit));
            try (InputStream in = request.getInputStream()) {
                byte[] chunk = new byte[16 * 1024];
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    buffer.write(chunk, 0, n);
                    if (buffer.size() > limit) {
                        refuseTooLarge(response);
                        return;
                    }
                }
            }
            reservation.shrinkTo(buffer.size());
            chain.doFilter(new BufferedRequest(request, buffer.toByteArray()), response);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new ReleaseWhenDone(reservation));
                releasedLater = true;
            }
        } finally {
            if (!releasedLater) {
                reservation.close();
            }
        }
    }

    private void refuseTooLarge(HttpServletResponse response) throws IOException {
        write(response, 413, Outcomes.error(IssueType.TOOLONG,
                "The request body is larger than the limit of " + limit + " bytes; send smaller batches"));
    }

    private void refuseBusy(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        write(response, 503, Outcomes.error(IssueType.THROTTLED, "The service is busy: too many request bytes are being"
                + " processed at once (ims.intake.max-buffered-bytes). Nothing was stored; send the payload again after "
                + retryAfterSeconds + " seconds."));
    }

    private static void write(HttpServletResponse response, int status, OperationOutcome outcome) throws IOException {
        response.setStatus(status);
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Outcomes.toJson(outcome));
    }

    /** Gives a body's bytes back once its asynchronous request is over, however it ended. */
    private record ReleaseWhenDone(PayloadBudget.Reservation reservation) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            reservation.close();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            reservation.close();
        }

        @Override
        public void onError(AsyncEvent event) {
            reservation.close();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this); // a new async cycle: listen to it too
        }
    }

    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
