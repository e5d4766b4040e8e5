package org.imsfhir.routes.audit;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes one access audit row per API request, refused ones included, once its answer is known
 * (the REST routes answer asynchronously: then when the async request completes). Handlers add
 * what only they know (e.g. the intake id of a post) through the request attributes
 * {@link #TARGET} and {@link #DETAIL}. Sits inside Spring Security's chain, right after the
 * security context is loaded, so the caller is known on the way out.
 */
public class AccessAuditFilter extends OncePerRequestFilter {

    public static final String TARGET = AccessAuditFilter.class.getName() + ".target";
    public static final String DETAIL = AccessAuditFilter.class.getName() + ".detail";
    private static final Logger LOG = LoggerFactory.getLogger(AccessAuditFilter.class);

    private final AccessAuditStore store;
    private final Supplier<String> currentActor;

    /** @param currentActor the caller's id from the security context, or "anonymous" */
    public AccessAuditFilter(AccessAuditStore store, Supplier<String> currentActor) {
        this.store = store;
        this.currentActor = currentActor;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        // Probes and public key material carry no patient data and are polled every few seconds.
        return path.startsWith("/actuator/health/liveness") || path.startsWith("/actuator/health/readiness")
                || path.startsWith("/.well-known/")
                // The console's scripts and style sheets: the same files for everyone.
                || path.startsWith("/console/assets/") || path.startsWith("/console/webjars/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            String actor = currentActor.get();
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        record(request, response, actor);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            } else {
                record(request, response, actor);
            }
        }
    }

    private void record(HttpServletRequest request, HttpServletResponse response, String actor) {
        AccessTargets.Named named = AccessTargets.of(request.getMethod(), request.getRequestURI());
        Object target = request.getAttribute(TARGET);
        Object detail = request.getAttribute(DETAIL);
        try {
            store.record(actor, request.getRemoteAddr(), named.action(),
                    target != null ? target.toString() : named.target(), response.getStatus(),
                    detail == null ? null : detail.toString());
        } catch (RuntimeException e) {
            // The answer is already sent; say loudly that the trail has a gap (no request data in the line).
            LOG.error("Could not write the access audit row of {} by {}: {}", named.action(), actor, e.getClass().getName());
        }
    }
}
