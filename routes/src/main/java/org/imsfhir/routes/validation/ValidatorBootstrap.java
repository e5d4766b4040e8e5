package org.imsfhir.routes.validation;

import ca.uhn.fhir.context.FhirContext;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.routes.ImsAdapterApplication;
import org.imsfhir.routes.config.ImsProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Registers the service's {@link ProfileValidator} bean ({@value #BEAN_NAME}) as a background bean
 * (Spring's background bootstrap, on Spring Boot's task executor): it builds (a few seconds: the
 * package, R4 core definitions, compiling the profiles) while the context makes its other beans,
 * and the context waits for it before it starts the web server and the routes, so the first record
 * never waits and the build costs start-up only what it does not overlap.
 *
 * <p>Why an initializer (listed in {@code META-INF/spring.factories}) rather than a {@code @Bean}
 * method: the context makes beans in the order they were registered, and {@code @Bean} methods come
 * after every scanned component, so a {@code @Bean} validator started building only once most of
 * the context was made, which then waited about 2 s for it (measured, docs/benchmarks.md).
 * Registered here, it is the first bean made. Not in the command line ({@code cli} profile), which
 * builds its own.
 *
 * <p>A background bean may use only beans made on the main thread before it: depends-on makes the
 * properties first; the reference sampler (meter registry, task executor) is looked up when a record
 * is validated, long after start-up. Everything else takes it through {@code ObjectProvider}, so
 * no bean blocks on it.
 */
public final class ValidatorBootstrap implements ApplicationContextInitializer<GenericApplicationContext> {

    public static final String BEAN_NAME = "profileValidator";

    @Override
    public void initialize(GenericApplicationContext context) {
        if (context.getEnvironment().matchesProfiles(ImsAdapterApplication.CLI_PROFILE)) {
            return;
        }
        context.registerBean(BEAN_NAME, ProfileValidator.class, () -> build(context), definition -> {
            ((AbstractBeanDefinition) definition).setBackgroundInit(true);
            definition.setDependsOn(ImsProperties.BEAN_NAME);
        });
    }

    private static ProfileValidator build(GenericApplicationContext context) {
        ImsProperties properties = context.getBean(ImsProperties.class);
        ObjectProvider<ReferenceValidation> referenceValidation = context.getBeanProvider(ReferenceValidation.class);
        return ProfileValidator.builder(FhirContext.forR4Cached())
                .compiled(properties.validation().validator() == ImsProperties.Validator.COMPILED)
                .referenceSampler(hl7Report -> referenceValidation.getObject().compiledValid(hl7Report))
                .build();
    }
}
