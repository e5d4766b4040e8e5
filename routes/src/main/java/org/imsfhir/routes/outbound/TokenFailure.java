package org.imsfhir.routes.outbound;

/**
 * No access token could be had. {@code refused}: the authorization server answered and said no
 * (invalid_client, invalid_scope, ...); otherwise it could not be reached or answered nonsense. The
 * message is what the delivery stores as its reason: it names the error and never holds the secret,
 * the assertion or a token.
 */
final class TokenFailure extends Exception {

    private final boolean refused;

    TokenFailure(String reason, boolean refused) {
        super(reason, null, false, false);
        this.refused = refused;
    }

    boolean refused() {
        return refused;
    }
}
