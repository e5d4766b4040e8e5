package org.imsfhir.routes.config;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * This process's node id: the one configured ({@code ims.delivery.node-id}, {@code IMS_NODE_ID}), or
 * generated per process from the host name and a short random part, so that several instances on one
 * database never share one by accident. It names the node's delivery leases and intakes, and shows in
 * the logs.
 *
 * @param id        at most {@value #MAX_LENGTH} characters (the lease owner column)
 * @param generated whether it was generated rather than configured
 * @param host      the host name (for the node registry and error messages)
 */
public record NodeIdentity(String id, boolean generated, String host) {

    public static final int MAX_LENGTH = 64;

    public NodeIdentity {
        if (id == null || id.isBlank() || id.length() > MAX_LENGTH) {
            throw new IllegalStateException("ims.delivery.node-id must be 1 to " + MAX_LENGTH + " characters");
        }
    }

    /** The configured id, or a generated one when none is configured (null or blank). */
    public static NodeIdentity of(String configured) {
        String host = hostName();
        if (configured != null && !configured.isBlank()) {
            return new NodeIdentity(configured.trim(), false, host);
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        String prefix = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        prefix = prefix.length() > 40 ? prefix.substring(0, 40) : prefix;
        return new NodeIdentity(prefix + "-" + HexFormat.of().formatHex(random), true, host);
    }

    private static String hostName() {
        // Containers set HOSTNAME to the pod or container name; the lookup is the fallback.
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "node";
        }
    }
}
