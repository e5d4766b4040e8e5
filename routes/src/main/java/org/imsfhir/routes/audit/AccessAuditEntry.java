package org.imsfhir.routes.audit;

import java.time.OffsetDateTime;

/**
 * One API request as the access audit keeps it: who (client id, certificate client, operator or
 * {@code anonymous}), from where, what (method and path template), on what (e.g. {@code session:<id>}),
 * and the HTTP status answered.
 */
public record AccessAuditEntry(long id, OffsetDateTime at, String actor, String remoteAddress, String action,
                               String target, int outcome, String detail) {
}
