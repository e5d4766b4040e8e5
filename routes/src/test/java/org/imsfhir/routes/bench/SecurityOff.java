package org.imsfhir.routes.bench;

import org.imsfhir.routes.security.Caller;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Benchmark only, never in the service: the service with security off (no authentication, no
 * access audit; every request is the all-clinics system caller), the reference against which the
 * secured intake path is measured in the same run. Deliberately not a {@code @Configuration}: it
 * lies under the application's package, and component scanning must never find it in tests; the
 * benchmark passes it to the application builder itself (bean methods in "lite" mode).
 */
class SecurityOff {

    /** Drops the service's own filter chain (bean {@code api}) so that only the open one below is left. */
    @Bean
    static BeanDefinitionRegistryPostProcessor withoutTheServicesFilterChain() {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                registry.removeBeanDefinition("api");
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            }
        };
    }

    @Bean
    SecurityFilterChain open(HttpSecurity http) throws Exception {
        return http.csrf(c -> c.disable())
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .addFilterBefore((request, response, chain) -> {
                    request.setAttribute(Caller.ATTRIBUTE, Caller.SYSTEM);
                    chain.doFilter(request, response);
                }, AuthorizationFilter.class)
                .build();
    }
}
