package org.imsfhir.routes.api.view;

import java.util.List;

/** {@code GET /ims/audit}: one page of the access audit, newest first. */
public record AccessAuditPage(int page, int size, List<Entry> entries) {

    /** One request: when, who, from where, what on which target, with which outcome. */
    public record Entry(String at, String actor, String remoteAddress, String action, String target, int outcome,
                        String detail) {
    }
}
