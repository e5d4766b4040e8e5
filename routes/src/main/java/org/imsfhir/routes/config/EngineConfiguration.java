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
import org.imsfhir.routes.metrics.PipelineTimers;
import org.imsfhir.routes.validation.ValidatorBootstrap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The adapter engine and its costly parts as the service's beans, made once and injected where
 * used (intake, claims, registry feeds), never taken from process-wide holders. The profile
 * validator is registered by {@link ValidatorBootstrap}, so that it builds first, in the background.
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
