package org.imsfhir.routes.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Swagger UI at {@code /api-ui/}: our page and initializer first, then the files of the swagger-ui webjar. */
@Configuration(proxyBeanMethods = false)
@Profile("!cli")
public class ApiDocsConfiguration implements WebMvcConfigurer {

    public static final String UI = "/api-ui";
    static final String SWAGGER_UI_WEBJAR = "classpath:/META-INF/resources/webjars/swagger-ui/5.18.2/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(UI + "/**").addResourceLocations("classpath:/api-ui/", SWAGGER_UI_WEBJAR);
    }
}
