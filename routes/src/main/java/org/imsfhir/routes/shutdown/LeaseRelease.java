package org.imsfhir.routes.shutdown;

import org.imsfhir.routes.delivery.DeliveryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The last step of a graceful shutdown: once Camel has stopped (no poll, no attempt in flight), the
 * delivery leases this node still holds are given back, so another node takes those deliveries at
 * once instead of after the lease time. Runs at bean destruction, after every lifecycle has stopped
 * and before the data source closes (it depends on the store).
 */
public class LeaseRelease implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);

    private final DeliveryService delivery;

    public LeaseRelease(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void destroy() {
        try {
            int released = delivery.releaseOwnLeases();
            LOG.info("Shutdown: {} delivery lease(s) released", released);
        } catch (RuntimeException e) {
            LOG.warn("Shutdown: the delivery leases could not be released ({}); they run out by themselves",
                    e.getClass().getName());
        }
    }
}
