package org.imsfhir.routes.console;

import java.util.ArrayList;
import java.util.List;
import org.imsfhir.routes.registry.RegistryBatch;
import org.imsfhir.routes.registry.RegistryBatchService;
import org.imsfhir.routes.registry.RegistryExclusion;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Registry feeds: each feed's latest batches and its exclusions (which sessions were left out, and why). */
@Controller
@ConsoleEnabled
public class RegistryController {

    static final int LIMIT = 100;

    /** One feed's page section; exclusions of other clinics than the user's are not listed. */
    public record Feed(String id, List<RegistryBatch> batches, List<SessionDetails.ExclusionRow> exclusions) {
    }

    private final RegistryBatchService registries;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public RegistryController(RegistryBatchService registries, com.fasterxml.jackson.databind.ObjectMapper json) {
        this.registries = registries;
        this.json = json;
    }

    @GetMapping(ConsoleSecurityConfiguration.BASE + "/registry")
    public String registry(@ModelAttribute("me") ConsoleUser.Me me, Model model) {
        List<Feed> feeds = new ArrayList<>();
        for (String id : registries.feedIds()) {
            List<SessionDetails.ExclusionRow> exclusions = registries.exclusions(id, (RegistryExclusion.State) null, LIMIT)
                    .stream().filter(e -> me.caller().mayAccessSession(e.sessionKey()))
                    .map(e -> new SessionDetails.ExclusionRow(e, OutcomeIssues.of(e.outcome(), me.phi(), json))).toList();
            feeds.add(new Feed(id, registries.batches(id, LIMIT), exclusions));
        }
        model.addAttribute("feeds", feeds);
        return "console/registry";
    }
}
