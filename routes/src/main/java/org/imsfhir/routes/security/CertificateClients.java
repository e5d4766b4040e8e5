package org.imsfhir.routes.security;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.preauth.x509.X509PrincipalExtractor;

/**
 * Mutual TLS: maps a client certificate (already verified by the TLS handshake against the
 * configured trust bundle) to a registered client, by its subject DN or one of its subject
 * alternative names. A certificate matching no client authenticates nobody (401).
 */
public class CertificateClients implements X509PrincipalExtractor, UserDetailsService {

    private final Map<String, SecurityProperties.Client> clients;

    public CertificateClients(Map<String, SecurityProperties.Client> clients) {
        this.clients = Map.copyOf(clients);
    }

    /** The id of the client this certificate belongs to, or null. */
    @Override
    public Object extractPrincipal(X509Certificate certificate) {
        X500Principal subject = certificate.getSubjectX500Principal();
        List<String> sans = alternativeNames(certificate);
        for (Map.Entry<String, SecurityProperties.Client> e : clients.entrySet()) {
            SecurityProperties.Client c = e.getValue();
            if (c.certificateSubject() != null && !c.certificateSubject().isBlank()
                    && sameName(subject, c.certificateSubject())) {
                return e.getKey();
            }
            if (c.certificateSan() != null && sans.contains(c.certificateSan())) {
                return e.getKey();
            }
        }
        return null;
    }

    @Override
    public UserDetails loadUserByUsername(String clientId) {
        SecurityProperties.Client client = clients.get(clientId);
        if (client == null) {
            throw new UsernameNotFoundException("not a registered client");
        }
        return User.withUsername(clientId).password("")
                .authorities(client.scopes().stream().map(Scope::authority).toArray(String[]::new)).build();
    }

    private static boolean sameName(X500Principal subject, String configured) {
        try {
            return subject.equals(new X500Principal(configured));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The SAN values (DNS names, URIs, e-mail addresses, IP addresses) as plain strings. */
    private static List<String> alternativeNames(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return List.of();
            }
            return names.stream().filter(n -> n.size() >= 2 && n.get(1) instanceof String)
                    .map(n -> (String) n.get(1)).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
