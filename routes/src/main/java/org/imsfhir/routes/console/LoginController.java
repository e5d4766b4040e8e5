package org.imsfhir.routes.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form (Spring Security checks the POST to the same path). */
@Controller
public class LoginController {

    @GetMapping(ConsoleSecurityConfiguration.BASE + "/login")
    public String login() {
        return "console/login";
    }
}
