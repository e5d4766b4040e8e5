package org.imsfhir.routes.config;

import org.imsfhir.routes.delivery.LeaseBudget;
import org.imsfhir.routes.store.NodeRegistry;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Reports the two refusals of a node to start beside others as Spring Boot's short "APPLICATION
 * FAILED TO START" block (description + action) instead of a bean-creation stack trace: its node id
 * is held by a live node, or the delivery lease is too short for a destination. Registered in
 * {@code META-INF/spring.factories}.
 */
public class ClusterFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NodeRegistry.NodeIdInUseException e) {
                return new FailureAnalysis(e.description(), e.action(), e);
            }
            if (t instanceof LeaseBudget.LeaseTooShortException e) {
                return new FailureAnalysis(e.description(), e.action(), e);
            }
        }
        return null;
    }
}
