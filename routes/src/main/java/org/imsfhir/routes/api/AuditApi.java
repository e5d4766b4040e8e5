package org.imsfhir.routes.api;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.camel.Exchange;
import org.imsfhir.routes.api.view.AccessAuditPage;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.imsfhir.routes.audit.AccessAuditStore;
import org.imsfhir.routes.pipeline.Outcomes;

/**
 * {@code GET /ims/audit?actor=&target=&from=&to=&page=0&size=100} ({@code admin} scope): the access
 * audit, newest first, filtered by actor, target (e.g. {@code session:<id>}) and time (ISO-8601,
 * from inclusive, to exclusive), one page of at most 1,000 rows.
 */
public class AuditApi {

    private static final int MAX_PAGE_SIZE = 1000;
    private final AccessAuditStore store;
    private final ApiJson json;

    public AuditApi(AccessAuditStore store, ApiJson json) {
        this.store = store;
        this.json = json;
    }

    public void find(Exchange exchange) {
        AccessAuditStore.Query query;
        try {
            int page = intParam(exchange, "page", 0);
            int size = intParam(exchange, "size", 100);
            if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
            }
            query = new AccessAuditStore.Query(text(exchange, "actor"), text(exchange, "target"),
                    time(exchange, "from"), time(exchange, "to"), page, size);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            Responses.outcome(exchange, 400, Outcomes.error(IssueType.VALUE,
                    "Query parameters: actor, target, from and to (ISO-8601 date-time), page (>= 0), size (1-"
                            + MAX_PAGE_SIZE + ")"));
            return;
        }
        List<AccessAuditPage.Entry> entries = store.find(query).stream().map(e -> new AccessAuditPage.Entry(
                e.at().toString(), e.actor(), e.remoteAddress(), e.action(), e.target(), e.outcome(), e.detail())).toList();
        Responses.respond(exchange, 200, Responses.JSON, json.write(new AccessAuditPage(query.page(), query.size(), entries)));
    }

    private static String text(Exchange exchange, String name) {
        String v = exchange.getIn().getHeader(name, String.class);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static OffsetDateTime time(Exchange exchange, String name) {
        String v = text(exchange, name);
        return v == null ? null : OffsetDateTime.parse(v);
    }

    private static int intParam(Exchange exchange, String name, int fallback) {
        String v = text(exchange, name);
        return v == null ? fallback : Integer.parseInt(v);
    }
}
