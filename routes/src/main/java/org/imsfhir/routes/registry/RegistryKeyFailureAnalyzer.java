package org.imsfhir.routes.registry;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a refused registry key as Spring Boot's short "APPLICATION FAILED TO START" block
 * (description + action) instead of a bean-creation stack trace, so an operator sees at once which
 * property to set and how. Registered in {@code META-INF/spring.factories}.
 */
public class RegistryKeyFailureAnalyzer extends AbstractFailureAnalyzer<RegistryKeys.RegistryKeyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RegistryKeys.RegistryKeyException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
