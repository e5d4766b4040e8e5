package org.imsfhir.routes.security;

import java.util.Locale;

/**
 * What a caller may do (docs/security.md has the endpoint table). Bearer tokens carry them in their
 * {@code scope} claim; certificate clients and the local operator get them from configuration.
 */
public enum Scope {
    /** Post records ({@code POST /ims/sessions}). */
    SUBMIT,
    /** Session status, delivery and registry listings. */
    READ,
    /** Replay deliveries, run registry feeds, resubmit. */
    OPERATE,
    /** Metrics, configuration views, the access audit. */
    ADMIN,
    /** See texts that may quote patient data (validator diagnostics, receiver answers) in full. */
    PHI;

    /** The scope's name in tokens and configuration ({@code submit}, {@code read}, ...). */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority (Spring's resource server prefixes token scopes with {@code SCOPE_}). */
    public String authority() {
        return "SCOPE_" + value();
    }
}
