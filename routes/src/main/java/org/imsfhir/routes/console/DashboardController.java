package org.imsfhir.routes.console;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.imsfhir.routes.config.ServiceConfiguration;
import org.imsfhir.routes.store.DeliveryStatus;
import org.imsfhir.routes.store.SessionSearch;
import org.imsfhir.routes.store.StatusCounts;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard: records per stage, deliveries per destination and state with each destination's
 * oldest PENDING delivery, the DEAD count, and records received per minute over the last hour
 * (an SVG bar chart drawn on the server: no script, no inline style, fits the strict CSP).
 */
@Controller
@ConsoleEnabled
public class DashboardController {

    static final int CHART_MINUTES = 60;
    static final int CHART_HEIGHT = 120;
    static final int BAR_WIDTH = 10;

    /** One destination's row: count per delivery status, and the age of its oldest PENDING delivery. */
    public record DestinationRow(String destination, Map<DeliveryStatus, Long> counts, String oldestPendingAge) {
    }

    /** One bar of the chart: its position and size in the SVG, and the count it shows. */
    public record Bar(int x, int y, int height, long count, int minutesAgo) {
    }

    private final SessionSearch search;
    private final StatusCounts counts;
    private final ServiceConfiguration.Destinations configured;

    public DashboardController(SessionSearch search, StatusCounts counts, ServiceConfiguration.Destinations configured) {
        this.search = search;
        this.counts = counts;
        this.configured = configured;
    }

    @GetMapping({ConsoleSecurityConfiguration.BASE, ConsoleSecurityConfiguration.BASE + "/"})
    public String dashboard(Model model) {
        StatusCounts.Outbox outbox = counts.outbox();
        OffsetDateTime now = counts.clockNow();
        TreeSet<String> destinations = new TreeSet<>(configured.senders().keySet());
        outbox.counts().keySet().forEach(k -> destinations.add(k.name()));
        List<DestinationRow> rows = new ArrayList<>();
        long dead = 0;
        for (String destination : destinations) {
            Map<DeliveryStatus, Long> byStatus = new LinkedHashMap<>();
            for (DeliveryStatus s : DeliveryStatus.values()) {
                long n = outbox.counts().getOrDefault(new StatusCounts.Key(destination, s.name()), 0L);
                byStatus.put(s, n);
                dead += s == DeliveryStatus.DEAD ? n : 0;
            }
            OffsetDateTime oldest = outbox.oldestPending().get(destination);
            rows.add(new DestinationRow(destination, byStatus, oldest == null ? "none" : age(Duration.between(oldest, now))));
        }
        long[] perMinute = search.receivedPerMinute(CHART_MINUTES);
        model.addAttribute("messages", search.messagesByStatus());
        model.addAttribute("statuses", DeliveryStatus.values());
        model.addAttribute("destinations", rows);
        model.addAttribute("dead", dead);
        model.addAttribute("bars", bars(perMinute));
        model.addAttribute("chartMax", max(perMinute));
        model.addAttribute("lastHour", java.util.Arrays.stream(perMinute).sum());
        model.addAttribute("chartWidth", CHART_MINUTES * BAR_WIDTH);
        model.addAttribute("chartHeight", CHART_HEIGHT);
        return "console/dashboard";
    }

    static List<Bar> bars(long[] perMinute) {
        long max = Math.max(1, max(perMinute));
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < perMinute.length; i++) {
            int height = (int) Math.round((double) perMinute[i] * CHART_HEIGHT / max);
            bars.add(new Bar(i * BAR_WIDTH, CHART_HEIGHT - height, height, perMinute[i], perMinute.length - 1 - i));
        }
        return bars;
    }

    private static long max(long[] values) {
        return java.util.Arrays.stream(values).max().orElse(0);
    }

    static String age(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h";
    }
}
