package org.imsfhir.routes.console;

import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.security.Scope;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives every console page the logged-in user as {@code me}: name, and what they may do
 * ({@code canOperate}) and see ({@code phi}); the templates show buttons and data by these.
 */
@ControllerAdvice(basePackageClasses = ConsoleUser.class)
@ConsoleEnabled
public class ConsoleUser {

    /** The view of a logged-in user the templates read. */
    public record Me(String name, boolean canOperate, boolean phi, Caller caller) {
    }

    private final ConsoleUsers users;

    public ConsoleUser(ConsoleUsers users) {
        this.users = users;
    }

    @ModelAttribute("me")
    public Me me(Authentication authentication) {
        Caller caller = users.callerOf(authentication);
        return caller == null ? null : new Me(caller.id(), caller.has(Scope.OPERATE), caller.has(Scope.PHI), caller);
    }
}
