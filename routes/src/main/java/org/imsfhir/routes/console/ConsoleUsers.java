package org.imsfhir.routes.console;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.security.LocalOperatorCredential;
import org.imsfhir.routes.security.Scope;
import org.imsfhir.routes.security.SecurityProperties;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.util.function.SingletonSupplier;

/**
 * Who may log in to the console: the local operator (same password file as the API's HTTP Basic,
 * every scope and clinic), the users of {@code ims.console.users}, and with single sign-on the
 * hospital's users ({@link ConsoleSingleSignOn}); and who a logged-in user is
 * as a {@link Caller}, so the console applies the API's scope and clinic rules.
 */
public class ConsoleUsers {

    private final SecurityProperties.LocalOperator operator;
    private final Map<String, ConsoleProperties.User> users;
    private final ConsoleSingleSignOn singleSignOn;

    /** @param singleSignOn the hospital's OpenID Connect login, or null when it is not set up */
    public ConsoleUsers(SecurityProperties security, ConsoleProperties console, ConsoleSingleSignOn singleSignOn) {
        this.operator = security.localOperator();
        this.users = console.users();
        this.singleSignOn = singleSignOn;
        users.forEach((name, user) -> {
            if (user.passwordHash() == null || !user.passwordHash().startsWith("{")) {
                throw new IllegalStateException("ims.console.users." + name + ".password-hash must be a hash with its"
                        + " encoder id, e.g. {bcrypt}$2a$10$... (docs/console.md tells how to make one)");
            }
        });
    }

    /**
     * The login store: hashes as configured; the local operator's password (its file is made now)
     * hashed at the first login, not while the service starts (bcrypt: 0.2 s of start-up).
     */
    public UserDetailsService userDetails(PasswordEncoder encoder) {
        String operatorPassword = operator.enabled()
                ? LocalOperatorCredential.readOrCreate(operator.credentialFile(), operator.username()) : null;
        SingletonSupplier<UserDetailsService> store = SingletonSupplier.of(() -> {
            List<UserDetails> all = new ArrayList<>();
            if (operatorPassword != null) {
                all.add(User.withUsername(operator.username()).password(encoder.encode(operatorPassword))
                        .authorities(authorities(EnumSet.allOf(Scope.class))).build());
            }
            users.forEach((name, user) -> {
                if (!(operator.enabled() && name.equals(operator.username()))) {
                    all.add(User.withUsername(name).password(user.passwordHash()).authorities(authorities(user.scopes())).build());
                }
            });
            return new InMemoryUserDetailsManager(all);
        });
        return username -> store.obtain().loadUserByUsername(username);
    }

    public ConsoleSingleSignOn singleSignOn() {
        return singleSignOn;
    }

    /** The logged-in user as a caller; null when nobody is logged in. */
    public Caller callerOf(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        Caller hospitalUser = singleSignOn == null ? null : singleSignOn.callerOf(authentication.getPrincipal());
        if (hospitalUser != null) {
            return hospitalUser;
        }
        String name = authentication.getName();
        if (operator.enabled() && operator.username().equals(name)) {
            return new Caller(name, EnumSet.allOf(Scope.class), true, Set.of());
        }
        ConsoleProperties.User user = users.get(name);
        return user == null ? null : new Caller(name, user.scopes(), user.allClinics(), user.clinics());
    }

    private static String[] authorities(Set<Scope> scopes) {
        return scopes.stream().map(Scope::authority).toArray(String[]::new);
    }
}
