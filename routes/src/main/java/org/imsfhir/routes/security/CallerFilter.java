package org.imsfhir.routes.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Leaves the authenticated {@link Caller} on the request. The REST routes run on Camel's own
 * threads, where Spring Security's thread-bound context is not available; the request is.
 */
class CallerFilter extends OncePerRequestFilter {

    private final CallerResolver resolver;

    CallerFilter(CallerResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = resolver.of(SecurityContextHolder.getContext().getAuthentication());
        if (caller != null) {
            request.setAttribute(Caller.ATTRIBUTE, caller);
        }
        chain.doFilter(request, response);
    }
}
