package org.imsfhir.routes.console;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.imsfhir.routes.api.PhiRedaction;
import org.imsfhir.routes.config.ServiceConfiguration;
import org.imsfhir.routes.security.Caller;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.OutboxStore;
import org.imsfhir.routes.store.ReplayResult;
import org.imsfhir.routes.store.StatusQueries;
import org.imsfhir.routes.store.StoredDelivery;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Dead letters: DEAD deliveries per destination (the user's clinics), replay one or the selected
 * ones. Replay is the outbox's, as in the API: what is no longer DEAD is left alone, a delivery
 * overtaken by a later version of its session is not sent again.
 */
@Controller
@ConsoleEnabled
public class DeadLettersController {

    static final int LIMIT = 500;

    /** A DEAD delivery as listed: the error text follows the API's redaction. */
    public record DeadRow(StoredDelivery delivery, String lastError) {
    }

    private final StatusQueries store;
    private final OutboxStore outbox;
    private final ServiceConfiguration.Destinations destinations;

    public DeadLettersController(StatusQueries store, OutboxStore outbox, ServiceConfiguration.Destinations destinations) {
        this.store = store;
        this.outbox = outbox;
        this.destinations = destinations;
    }

    @GetMapping(ConsoleSecurityConfiguration.BASE + "/dead-letters")
    public String list(@ModelAttribute("me") ConsoleUser.Me me, Model model) {
        Caller caller = me.caller();
        List<DeadRow> rows = new ArrayList<>();
        for (String destination : destinations.senders().keySet().stream().sorted().toList()) {
            (caller.allClinics() ? store.deliveries(destination, DeliveryStatus.DEAD, LIMIT)
                    : store.deliveries(destination, DeliveryStatus.DEAD, caller.clinics(), LIMIT))
                    .forEach(d -> rows.add(new DeadRow(d, PhiRedaction.text(d.lastError(), me.phi()))));
        }
        model.addAttribute("rows", rows);
        return "console/dead-letters";
    }

    /**
     * {@code only}: the one delivery of a row's Replay button (ticked boxes are then ignored);
     * otherwise every ticked {@code delivery}.
     */
    @PostMapping(ConsoleSecurityConfiguration.BASE + "/dead-letters/replay")
    public String replay(@ModelAttribute("me") ConsoleUser.Me me,
                         @RequestParam(name = "delivery", required = false) List<String> deliveries,
                         @RequestParam(name = "only", required = false) String only,
                         RedirectAttributes redirect) {
        Map<ReplayResult.Outcome, Integer> outcomes = new EnumMap<>(ReplayResult.Outcome.class);
        List<String> chosen = only != null ? List.of(only) : deliveries == null ? List.of() : deliveries;
        for (String publicId : chosen) {
            ReplayResult.Outcome outcome = store.delivery(publicId)
                    .filter(d -> me.caller().mayAccessSession(d.sessionKey()))
                    .map(d -> outbox.replay(d.id(), me.name()).outcome())
                    .orElse(ReplayResult.Outcome.NOT_FOUND);
            outcomes.merge(outcome, 1, Integer::sum);
        }
        redirect.addFlashAttribute("notice", outcomes.isEmpty() ? "Nothing selected"
                : "Replay: " + outcomes.toString().replaceAll("[{}]", "").replace('=', ' '));
        return "redirect:" + ConsoleSecurityConfiguration.BASE + "/dead-letters";
    }
}
