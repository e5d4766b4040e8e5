package org.imsfhir.routes.validation;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.adapter.validation.ValidationPaths;
import org.imsfhir.routes.config.ImsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;

/** The background comparison of the compiled validator with the HL7 validator, and which validator answered. */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
public class ValidationConfiguration {

    @Bean
    ReferenceValidation referenceValidation(ImsProperties properties,
                                            @Qualifier(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME) Executor executor,
                                            MeterRegistry registry) {
        return new ReferenceValidation(properties.validation().referenceSample(), executor, registry);
    }

    /**
     * Which validator answered: {@code ims_validation_answers_total{by=...}} (docs/operations.md).
     * Bound once every singleton is made, so the validator (built in the background) is there.
     */
    @Bean
    MeterBinder validationAnswers(ObjectProvider<ProfileValidator> validator) {
        return registry -> {
            ValidationPaths paths = validator.getObject().paths();
            answers(registry, paths, "compiled", ValidationPaths::compiledValidCount);
            answers(registry, paths, "hl7-errors", ValidationPaths::hl7ForErrorsCount);
            answers(registry, paths, "hl7-unsupported", ValidationPaths::hl7UnsupportedCount);
            answers(registry, paths, "hl7-only", ValidationPaths::hl7OnlyCount);
        };
    }

    private static void answers(MeterRegistry registry, ValidationPaths paths, String by, ToDoubleFunction<ValidationPaths> count) {
        FunctionCounter.builder("ims.validation.answers", paths, count)
                .description("Profile validations by the validator that answered")
                .tag("by", by).register(registry);
    }
}
