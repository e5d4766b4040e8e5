package org.imsfhir.routes.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form (Spring Security checks the POST to the same path) and, when set up, the single sign-on link. */
@Controller
@ConsoleEnabled
public class LoginController {

    private final ConsoleUsers users;

    public LoginController(ConsoleUsers users) {
        this.users = users;
    }

    @GetMapping(ConsoleSecurityConfiguration.BASE + "/login")
    public String login(Model model) {
        ConsoleSingleSignOn sso = users.singleSignOn();
        model.addAttribute("sso", sso == null ? null : sso.displayName());
        model.addAttribute("ssoPath", ConsoleSecurityConfiguration.BASE + "/oauth2/authorization/" + ConsoleSingleSignOn.REGISTRATION);
        return "console/login";
    }
}
