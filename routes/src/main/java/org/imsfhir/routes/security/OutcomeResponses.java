package org.imsfhir.routes.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.pipeline.Outcomes;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The answers of refused requests: 401 and 403 as FHIR OperationOutcomes. They never say why a
 * credential failed (expired, wrong issuer...) nor anything about the resource asked for.
 */
final class OutcomeResponses {

    private OutcomeResponses() {
    }

    static AuthenticationEntryPoint unauthenticated(boolean basic) {
        return (request, response, e) -> {
            response.addHeader("WWW-Authenticate", "Bearer");
            if (basic) {
                response.addHeader("WWW-Authenticate", "Basic realm=\"ims-fhir-adapter\"");
            }
            write(response, 401, IssueType.LOGIN,
                    "Authentication required: a valid bearer token, client certificate or operator credential");
        };
    }

    static AccessDeniedHandler forbidden() {
        return (request, response, e) -> write(response, 403, IssueType.FORBIDDEN,
                "This client is not allowed to do this (missing scope)");
    }

    static void write(HttpServletResponse response, int status, IssueType type, String text) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Outcomes.toJson(Outcomes.error(type, text)));
    }
}
