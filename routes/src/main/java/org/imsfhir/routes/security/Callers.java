package org.imsfhir.routes.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;

/** The caller of a REST exchange, as the security filter chain left it on the HTTP request. */
public final class Callers {

    private Callers() {
    }

    /**
     * The authenticated caller. Every REST route sits behind the filter chain, so a missing caller
     * is a wiring fault: fail closed rather than act without one.
     */
    public static Caller of(Exchange exchange) {
        return request(exchange).map(r -> r.getAttribute(Caller.ATTRIBUTE))
                .filter(Caller.class::isInstance).map(Caller.class::cast)
                .orElseThrow(() -> new IllegalStateException("REST exchange without an authenticated caller"));
    }

    /** Sets a request attribute (e.g. what the access audit should name as the target). */
    public static void attribute(Exchange exchange, String name, Object value) {
        request(exchange).ifPresent(r -> r.setAttribute(name, value));
    }

    private static Optional<HttpServletRequest> request(Exchange exchange) {
        if (exchange.getIn() instanceof PlatformHttpMessage m) {
            return Optional.ofNullable(m.getRequest());
        }
        return Optional.ofNullable(exchange.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class));
    }
}
