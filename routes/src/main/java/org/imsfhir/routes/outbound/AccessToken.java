package org.imsfhir.routes.outbound;

import java.time.Instant;

/** An access token and when it stops being used (its expiry less a margin). Never printed. */
record AccessToken(String value, Instant useUntil) {

    @Override
    public String toString() {
        return "AccessToken[useUntil=" + useUntil + "]";
    }
}
