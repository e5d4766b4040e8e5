package org.imsfhir.routes.store;

import java.util.UUID;

/**
 * The ids the API shows for sessions and deliveries: random (version 4) UUIDs, so that knowing one
 * id tells nothing about any other and ids cannot be walked. The sequential keys stay internal.
 */
public final class PublicIds {

    private PublicIds() {
    }

    public static String next() {
        return UUID.randomUUID().toString();
    }
}
