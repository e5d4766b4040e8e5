package org.imsfhir.routes.outbound;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code tls:} block of an EHR destination, an insurer or a registry feed.
 *
 * @param bundle            a Spring Boot SSL bundle ({@code spring.ssl.bundle.pem.<name>} or
 *                          {@code spring.ssl.bundle.jks.<name>}): its key store is the client key and
 *                          certificate for mutual TLS, its trust store the CAs trusted for the receiver
 *                          (none: the JDK's default CAs)
 * @param allowInsecureHttp plain http to a host other than loopback is refused at start-up unless this is true
 */
public record OutboundTls(String bundle, @DefaultValue("false") boolean allowInsecureHttp) {

    /** No bundle (JDK trust, no client certificate), https required. */
    public static final OutboundTls DEFAULT = new OutboundTls(null, false);

    public boolean hasBundle() {
        return bundle != null && !bundle.isBlank();
    }
}
