package org.imsfhir.routes.config;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import org.imsfhir.adapter.ConversionOptions;
import org.imsfhir.adapter.ImsToFhirConverter;
import org.imsfhir.adapter.check.RecordChecker;
import org.imsfhir.adapter.check.RecordSchema;
import org.imsfhir.adapter.engine.ImsEngine;
import org.imsfhir.adapter.read.ImsRecordReader;
import org.imsfhir.adapter.terminology.Terminology;
import org.imsfhir.adapter.validation.ProfileValidator;
import io.micrometer.core.instrument.MeterRegistry;
import org.imsfhir.routes.metrics.PipelineTimers;
import org.imsfhir.routes.validation.ReferenceValidation;
import org.imsfhir.routes.validation.ValidationConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Profile;

/**
 * The adapter engine and its costly parts as the service's beans, made once and injected where
 * used (intake, claims, registry feeds), never taken from process-wide holders.
 */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
public class EngineConfiguration {

    /** The code lists of the IMS package (record checks, mapping, claims). */
    @Bean
    Terminology terminology() {
        return Terminology.load(FhirContext.forR4Cached());
    }

    /** The record JSON Schema, compiled once. */
    @Bean
    RecordSchema recordSchema() {
        return RecordSchema.load();
    }

    /**
     * The profile validator. Lazy: built at its first use, which is ValidatorWarmUp after start-up
     * (readiness is DOWN until then), so the context starts without waiting for it.
     */
    @Bean
    @Lazy
    ProfileValidator profileValidator(ImsProperties properties, ReferenceValidation referenceValidation, MeterRegistry registry) {
        ProfileValidator validator = ProfileValidator.builder(FhirContext.forR4Cached())
                .compiled(properties.validation().validator() == ImsProperties.Validator.COMPILED)
                .referenceSampler(referenceValidation)
                .build();
        ValidationConfiguration.registerAnswers(registry, validator.paths());
        return validator;
    }

    /**
     * The engine every record goes through. The record checker keeps the system clock ("start not
     * in the future" is about real time, not a test's fixed clock).
     */
    @Bean
    @ConditionalOnMissingBean
    ImsEngine imsEngine(RecordSchema schema, Terminology terminology, ImsProperties properties, PipelineTimers timers,
                        ObjectProvider<ProfileValidator> validators) {
        return ImsEngine.builder()
                .reader(new ImsRecordReader(schema, new RecordChecker(terminology, Clock.systemUTC()),
                        properties.intake().reader().limits()))
                .converter(new ImsToFhirConverter(terminology))
                .options(ConversionOptions.defaults())
                .validator(validators::getObject)
                .timers(timers)
                .build();
    }
}
