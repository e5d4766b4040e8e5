package org.imsfhir.routes.api;

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
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.pipeline.Outcomes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the configured limit with 413 and an OperationOutcome, before any
 * of it is stored or parsed: at once when Content-Length says so, else (chunked) as soon as the
 * limit is passed while reading. Bodies within the limit are buffered and handed on unchanged.
 */
public class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long limit;

    public BodySizeLimitFilter(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod()) && !"PUT".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            refuse(response);
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(Math.max(request.getContentLengthLong(), 0), limit));
        try (InputStream in = request.getInputStream()) {
            byte[] chunk = new byte[16 * 1024];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                buffer.write(chunk, 0, n);
                if (buffer.size() > limit) {
                    refuse(response);
                    return;
                }
            }
        }
        chain.doFilter(new BufferedRequest(request, buffer.toByteArray()), response);
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(413);
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Outcomes.toJson(Outcomes.error(IssueType.TOOLONG,
                "The request body is larger than the limit of " + limit + " bytes; send smaller batches")));
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
