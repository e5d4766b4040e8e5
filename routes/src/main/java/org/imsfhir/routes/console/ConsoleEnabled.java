package org.imsfhir.routes.console;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;

/**
 * Marks the console's beans: present in the service unless {@code ims.console.enabled=false}, never
 * in the command line (which has no web server, database or users).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Profile("!cli")
@ConditionalOnProperty(name = "ims.console.enabled", havingValue = "true", matchIfMissing = true)
public @interface ConsoleEnabled {
}
