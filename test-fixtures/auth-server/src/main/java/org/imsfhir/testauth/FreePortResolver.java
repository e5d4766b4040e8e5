package org.imsfhir.testauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code server.port=0} into a concrete free port before the context starts. The issuer URL (which
 * names the port) must be known when Spring Authorization Server builds its filters, but with port 0
 * Tomcat only binds after that. The port is free when chosen; another process taking it in the next
 * second is unlikely enough for a test fixture.
 */
final class FreePortResolver implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ConfigurableEnvironment env = event.getEnvironment();
    if (env.getProperty("server.port", Integer.class, 8080) != 0) {
      return;
    }
    int port = freePort(env.getProperty("server.address", "127.0.0.1"));
    env.getPropertySources().addFirst(new MapPropertySource("resolved-free-port", Map.of("server.port", port)));
  }

  /** After the config-data post-processor, so application.properties and arguments are already read. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  private static int freePort(String address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + address, e);
    }
  }
}
