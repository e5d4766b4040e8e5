package org.imsfhir.routes.health;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a destination sends, as far as its reachability is concerned. */
public sealed interface ProbeTarget {

    /** A receiver over HTTP(S): reachable when a TCP connection to its host and port opens. */
    record Endpoint(String host, int port) implements ProbeTarget {
        public static Endpoint of(URI uri) {
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return new Endpoint(uri.getHost(), port);
        }

        @Override
        public String describe() {
            return host + ":" + port;
        }
    }

    /** A folder written to: reachable when it (or the nearest existing folder above it) is writable. */
    record Folder(Path dir) implements ProbeTarget {
        @Override
        public String describe() {
            return "folder";
        }

        boolean writable() {
            Path p = dir.toAbsolutePath().normalize();
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            return p != null && Files.isDirectory(p) && Files.isWritable(p);
        }
    }

    /** Nothing to reach (a no-op destination). */
    record Nothing() implements ProbeTarget {
        @Override
        public String describe() {
            return "none";
        }
    }

    /** What the details show: host and port, or the kind; never credentials or paths. */
    String describe();
}
