package org.imsfhir.routes.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class DestinationReachabilityTest {

    @TempDir
    Path dir;

    @Test
    void upWhenEveryReceiverAcceptsAConnectionAndEveryFolderIsWritable() throws Exception {
        try (ServerSocket receiver = new ServerSocket(0)) {
            Map<String, ProbeTarget> targets = new LinkedHashMap<>();
            targets.put("ehr", ProbeTarget.Endpoint.of(URI.create("http://127.0.0.1:" + receiver.getLocalPort() + "/fhir")));
            targets.put("files", new ProbeTarget.Folder(dir.resolve("not/yet/made")));
            targets.put("bench", new ProbeTarget.Nothing());
            Health health = probe(targets, Clock.systemUTC()).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails().get("ehr")).isEqualTo(Map.of("status", "UP", "target", "127.0.0.1:" + receiver.getLocalPort()));
            assertThat(health.getDetails().get("files")).isEqualTo(Map.of("status", "UP", "target", "folder"));
        }
    }

    @Test
    void downWhenAReceiverRefusesNamingItWithoutItsPath() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Map<String, ProbeTarget> targets = new LinkedHashMap<>();
        targets.put("ehr", ProbeTarget.Endpoint.of(URI.create("https://user:secret@127.0.0.1:" + closed + "/fhir?x=1")));
        targets.put("files", new ProbeTarget.Folder(file)); // a file where the folder should be
        Health health = probe(targets, Clock.systemUTC()).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("ehr")).isEqualTo(Map.of("status", "DOWN", "target", "127.0.0.1:" + closed));
        assertThat(health.getDetails().get("files")).isEqualTo(Map.of("status", "DOWN", "target", "folder"));
        assertThat(health.getDetails().toString()).doesNotContain("secret", dir.toString());
    }

    @Test
    void aResultIsReusedForTheCachePeriod() throws Exception {
        ServerSocket receiver = new ServerSocket(0);
        int port = receiver.getLocalPort();
        Instant[] now = {Instant.parse("2026-12-03T10:00:00Z")};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now[0]; }
        };
        DestinationReachability probe = probe(Map.of("ehr", new ProbeTarget.Endpoint("127.0.0.1", port)), clock);
        assertThat(probe.health().getStatus()).isEqualTo(Status.UP);
        receiver.close();
        now[0] = now[0].plusSeconds(29);
        assertThat(probe.health().getStatus()).as("within the cache period").isEqualTo(Status.UP);
        now[0] = now[0].plusSeconds(1);
        assertThat(probe.health().getStatus()).as("probed again").isEqualTo(Status.DOWN);
    }

    private static DestinationReachability probe(Map<String, ProbeTarget> targets, Clock clock) {
        return new DestinationReachability(targets, Duration.ofSeconds(1), Duration.ofSeconds(30), clock);
    }
}
