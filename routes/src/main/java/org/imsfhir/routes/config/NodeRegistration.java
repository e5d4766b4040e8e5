package org.imsfhir.routes.config;

import java.time.Duration;
import org.imsfhir.routes.store.NodeRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's entry in the node registry, held from start to stop: registered when made (a live node
 * with the same id stops this start), kept alive by {@link #beat()}, given up by {@link #close()}.
 */
public class NodeRegistration implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistration.class);

    private final NodeRegistry registry;
    private final NodeRegistry.Registration registration;
    private volatile boolean held = true;

    public NodeRegistration(NodeRegistry registry, NodeIdentity node, Duration lease) {
        this.registry = registry;
        this.registration = registry.register(node.id(), node.host(), lease);
        LOG.info("Node id {} ({}), registered; heartbeat every {}, gone after {} without one", node.id(),
                node.generated() ? "generated" : "configured", heartbeatInterval(lease), lease);
    }

    /** A quarter of the lease: a few missed beats (a pause, a slow database) do not make a live node look gone. */
    public static Duration heartbeatInterval(Duration lease) {
        return lease.dividedBy(4);
    }

    public String nodeId() {
        return registration.nodeId();
    }

    /** One heartbeat; says once in the log when the id was taken over by another process meanwhile. */
    public void beat() {
        boolean ok = registry.heartbeat(registration);
        if (!ok && held) {
            LOG.error("Node id {} is now held by another process: this node missed its heartbeats for longer than the"
                    + " lease and was taken as gone. Its outcomes of claims taken over are not recorded; restart it.",
                    registration.nodeId());
        }
        held = ok;
    }

    @Override
    public void close() {
        try {
            registry.deregister(registration);
        } catch (RuntimeException e) {
            LOG.warn("Node id {} not given up at stop ({}); it is free once the lease has passed", registration.nodeId(),
                    e.getClass().getName());
        }
    }
}
