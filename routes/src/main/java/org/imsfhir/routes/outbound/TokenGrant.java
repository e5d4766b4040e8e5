package org.imsfhir.routes.outbound;

/** One way of getting an access token from an authorization server (client secret, or a signed assertion). */
interface TokenGrant {

    /** Asks the authorization server for a new token. */
    AccessToken fetch() throws TokenFailure;
}
