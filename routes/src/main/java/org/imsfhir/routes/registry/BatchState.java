package org.imsfhir.routes.registry;

/** A registry batch: files staged (WRITTEN), then DELIVERED, or DEAD when its retries ran out. */
public enum BatchState { WRITTEN, DELIVERED, DEAD }
