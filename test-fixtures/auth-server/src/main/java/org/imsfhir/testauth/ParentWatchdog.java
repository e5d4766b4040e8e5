package org.imsfhir.testauth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * With {@code --parent-pid=N} (the test launcher passes its own pid), stops the server when process N
 * ends, so a test JVM that was killed leaves no server behind.
 */
@Component
class ParentWatchdog {

  private static final Logger LOG = LoggerFactory.getLogger(ParentWatchdog.class);

  ParentWatchdog(@Value("${parent-pid:0}") long parentPid, ConfigurableApplicationContext context) {
    if (parentPid > 0) {
      ProcessHandle.of(parentPid).map(ProcessHandle::onExit)
          .ifPresentOrElse(exit -> exit.thenRun(() -> stop(context, parentPid)), () -> stop(context, parentPid));
    }
  }

  private static void stop(ConfigurableApplicationContext context, long parentPid) {
    LOG.warn("Parent process {} has ended; stopping", parentPid);
    System.exit(SpringApplication.exit(context, () -> 0));
  }
}
