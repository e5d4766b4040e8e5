package org.imsfhir.routes.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import javax.sql.DataSource;
import org.imsfhir.routes.claim.ClaimStore;
import org.imsfhir.routes.intake.IntakeService;
import org.imsfhir.routes.registry.RegistryStore;
import org.imsfhir.routes.store.RecordEdits;
import org.imsfhir.routes.store.SessionSearch;
import org.imsfhir.routes.store.StatusQueries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The console's services, and its static files (style sheet, htmx from its webjar) under {@code /console/}. */
@Configuration(proxyBeanMethods = false)
@ConsoleEnabled
public class ConsoleConfiguration implements WebMvcConfigurer {

    @Bean
    SessionSearch sessionSearch(DataSource dataSource, Clock clock) {
        return new SessionSearch(dataSource, clock);
    }

    @Bean
    RecordEdits recordEdits(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        return new RecordEdits(dataSource, transactions, clock);
    }

    @Bean
    RecordResubmission recordResubmission(StatusQueries messages, IntakeService intake, RecordEdits edits,
                                          ObjectMapper json) {
        return new RecordResubmission(messages, intake, edits, json);
    }

    @Bean
    SessionDetails sessionDetails(StatusQueries messages, ClaimStore claims, RegistryStore registry, RecordEdits edits,
                                  ObjectMapper json) {
        return new SessionDetails(messages, claims, registry, edits, json);
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(ConsoleSecurityConfiguration.BASE + "/webjars/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/");
        registry.addResourceHandler(ConsoleSecurityConfiguration.BASE + "/assets/**")
                .addResourceLocations("classpath:/console/assets/");
    }
}
