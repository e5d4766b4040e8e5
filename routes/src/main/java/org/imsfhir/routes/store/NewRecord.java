package org.imsfhir.routes.store;

/** One record of an intake, before it is judged: its position, its key (null when unreadable) and its own text. */
public record NewRecord(int index, String sessionKey, String contentType, String rawPayload) {
}
