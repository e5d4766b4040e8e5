package org.imsfhir.testserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * When started by a test JVM ({@code ims.fhir-server.parent-pid}), stops this server once that JVM is
 * gone, so a killed test run leaves no orphan server holding a gigabyte of memory.
 */
@Component
public class ParentWatchdog {

  private static final Logger LOG = LoggerFactory.getLogger(ParentWatchdog.class);

  public ParentWatchdog(@Value("${ims.fhir-server.parent-pid:0}") long parentPid, ApplicationContext context) {
    if (parentPid <= 0) {
      return;
    }
    ProcessHandle.of(parentPid).ifPresentOrElse(
        parent -> parent.onExit().thenRun(() -> exit(context, parentPid)),
        () -> exit(context, parentPid));
  }

  private static void exit(ApplicationContext context, long parentPid) {
    LOG.warn("Parent process {} is gone; stopping", parentPid);
    System.exit(SpringApplication.exit(context, () -> 0));
  }
}
