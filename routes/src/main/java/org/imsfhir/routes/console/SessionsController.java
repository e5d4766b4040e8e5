package org.imsfhir.routes.console;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.imsfhir.routes.config.ServiceConfiguration;
import org.imsfhir.routes.intake.RecordOutcome;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.MessageStatus;
import org.imsfhir.routes.store.SessionSearch;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriUtils;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Sessions: the filtered, paged list; one session's page; edit and resubmit of a REJECTED record. */
@Controller
@ConsoleEnabled
public class SessionsController {

    static final int PAGE_SIZE = 25;
    /** Form inputs of record fields are named by this prefix and the field path. */
    static final String FIELD = "field:";

    private final SessionSearch search;
    private final SessionDetails details;
    private final RecordResubmission resubmission;
    private final ServiceConfiguration.Destinations destinations;

    public SessionsController(SessionSearch search, SessionDetails details, RecordResubmission resubmission,
                              ServiceConfiguration.Destinations destinations) {
        this.search = search;
        this.details = details;
        this.resubmission = resubmission;
        this.destinations = destinations;
    }

    @GetMapping(ConsoleSecurityConfiguration.BASE + "/sessions")
    public String list(@ModelAttribute("me") ConsoleUser.Me me,
                       @RequestParam(required = false) String status, @RequestParam(required = false) String clinic,
                       @RequestParam(required = false) String day, @RequestParam(required = false) String destination,
                       @RequestParam(required = false) String deliveryStatus,
                       @RequestParam(defaultValue = "0") int page, Model model) {
        String error = null;
        MessageStatus wantedStatus = null;
        DeliveryStatus wantedDelivery = null;
        LocalDate wantedDay = null;
        try {
            wantedStatus = blank(status) ? null : MessageStatus.valueOf(status.toUpperCase(Locale.ROOT));
            wantedDelivery = blank(deliveryStatus) ? null : DeliveryStatus.valueOf(deliveryStatus.toUpperCase(Locale.ROOT));
            wantedDay = blank(day) ? null : LocalDate.parse(day);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            error = "Filter not understood: status, delivery state or day (YYYY-MM-DD)";
        }
        SessionSearch.Filter filter = new SessionSearch.Filter(wantedStatus, clinic, wantedDay,
                blank(destination) ? null : destination, wantedDelivery,
                me.caller().allClinics() ? null : me.caller().clinics());
        int number = Math.max(0, page);
        model.addAttribute("page", error == null ? search.find(filter, number, PAGE_SIZE)
                : new SessionSearch.Page(java.util.List.of(), 0, false));
        model.addAttribute("filterError", error);
        model.addAttribute("statuses", MessageStatus.values());
        model.addAttribute("deliveryStatuses", DeliveryStatus.values());
        model.addAttribute("destinationNames", destinations.senders().keySet().stream().sorted().toList());
        model.addAttribute("filter", Map.of("status", nz(status), "clinic", nz(clinic), "day", nz(day),
                "destination", nz(destination), "deliveryStatus", nz(deliveryStatus)));
        return "console/sessions";
    }

    @GetMapping(ConsoleSecurityConfiguration.BASE + "/sessions/{id}")
    public String session(@ModelAttribute("me") ConsoleUser.Me me, @PathVariable String id, Model model) {
        model.addAttribute("view", details.of(id, me.caller())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such session message")));
        return "console/session";
    }

    @PostMapping(ConsoleSecurityConfiguration.BASE + "/sessions/{id}/resubmit")
    public String resubmit(@ModelAttribute("me") ConsoleUser.Me me, @PathVariable String id,
                           @RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((name, list) -> {
            if (name.startsWith(FIELD) && !list.isEmpty()) {
                values.put(name.substring(FIELD.length()), list.get(0));
            }
        });
        try {
            RecordOutcome outcome = resubmission.resubmit(id, values, me.caller());
            redirect.addFlashAttribute("notice", "Resubmitted as a new version: " + outcome.status());
            return "redirect:" + ConsoleSecurityConfiguration.BASE + "/sessions/" + outcome.publicId();
        } catch (RecordResubmission.Refused refused) {
            redirect.addFlashAttribute("problem", refused.getMessage());
            return "redirect:" + ConsoleSecurityConfiguration.BASE + "/sessions/"
                    + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
