package org.imsfhir.routes;

import org.imsfhir.routes.config.ImsProperties;
import org.springframework.boot.Banner;
import org.imsfhir.routes.shutdown.TermSignal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The ims-fhir-adapter service and, with a command as first argument (e.g. {@code convert}), its
 * command line. In command mode the application runs without the web server, with the Spring
 * profile {@value #CLI_PROFILE}: the service's beans, Camel routes, database and Flyway stay off
 * (see {@code application-cli.yaml}); command beans in {@code org.imsfhir.routes.cli} run instead.
 */
@SpringBootApplication
@EnableConfigurationProperties(ImsProperties.class)
public class ImsAdapterApplication {

    /** The profile of the command-line mode. */
    public static final String CLI_PROFILE = "cli";

    public static void main(String[] args) {
        ConfigurableApplicationContext context = application(args).run(args);
        if (isCommand(args)) {
            // A command ends the process with its own exit code (non-zero when records failed).
            System.exit(SpringApplication.exit(context));
        }
    }

    /** The application set up for these arguments (service, or command line). */
    public static SpringApplication application(String[] args) {
        SpringApplication app = new SpringApplication(ImsAdapterApplication.class);
        if (isCommand(args)) {
            app.setWebApplicationType(WebApplicationType.NONE);
            app.setAdditionalProfiles(CLI_PROFILE);
            app.setBannerMode(Banner.Mode.OFF);
        } else {
            app.addListeners(new TermSignal()); // the service process only, not tests that start the context
        }
        return app;
    }

    /** A first argument that is a word, not an option, names a command (e.g. {@code convert}). */
    public static boolean isCommand(String[] args) {
        return args.length > 0 && !args[0].startsWith("-");
    }
}
