package org.imsfhir.routes.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imsfhir.adapter.validation.ProfileValidator;
import org.imsfhir.routes.ImsAdapterApplication;
import org.imsfhir.routes.config.ImsProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.context.ApplicationContextInitializer;

/** The profile validator is the first bean the service's context makes, in the background; not in the command line. */
class ValidatorBootstrapTest {

    @Test
    void registersTheValidatorFirstAsABackgroundBeanAfterTheProperties() {
        GenericApplicationContext context = new GenericApplicationContext();
        new ValidatorBootstrap().initialize(context);

        assertThat(context.getBeanDefinitionNames()).as("registered before anything else").startsWith(ValidatorBootstrap.BEAN_NAME);
        AbstractBeanDefinition definition = (AbstractBeanDefinition) context.getBeanDefinition(ValidatorBootstrap.BEAN_NAME);
        assertThat(definition.isBackgroundInit()).isTrue();
        assertThat(definition.isLazyInit()).as("made at start-up, so the first record never waits").isFalse();
        assertThat(definition.getDependsOn()).containsExactly(ImsProperties.BEAN_NAME);
        assertThat(definition.getResolvableType().toClass()).isEqualTo(ProfileValidator.class);
    }

    @Test
    void theCommandLineBuildsItsOwn() {
        GenericApplicationContext context = new GenericApplicationContext();
        context.getEnvironment().setActiveProfiles(ImsAdapterApplication.CLI_PROFILE);
        new ValidatorBootstrap().initialize(context);
        assertThat(context.containsBeanDefinition(ValidatorBootstrap.BEAN_NAME)).isFalse();
    }

    @Test
    void everySpringApplicationOfTheServiceGetsIt() {
        List<String> initializers = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(ApplicationContextInitializer.class).stream().map(i -> i.getClass().getName()).toList();
        assertThat(initializers).contains(ValidatorBootstrap.class.getName());
    }
}
