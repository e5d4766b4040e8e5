package org.imsfhir.routes.shutdown;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;

/**
 * SIGTERM is the normal way an orchestrator stops a node, not a failure: the context is closed
 * (graceful shutdown, see {@link ShutdownGate}) and the process exits 0 instead of the JVM's 143,
 * so a supervisor does not count a planned stop as a crash. SIGKILL stays what it is.
 */
public class TermSignal implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(TermSignal.class);

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        try {
            Signal.handle(new Signal("TERM"), signal -> new Thread(() -> {
                LOG.info("SIGTERM received: graceful shutdown");
                System.exit(SpringApplication.exit(context, () -> 0));
            }, "ims-sigterm").start());
        } catch (IllegalArgumentException | UnsupportedOperationException unavailable) {
            // No TERM signal on this platform: the JVM's own handling stays.
            LOG.debug("SIGTERM handler not installed ({})", unavailable.getClass().getSimpleName());
        }
    }
}
