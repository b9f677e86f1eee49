package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.voronka.account.AccountManagement;
import org.voronka.analytics.Amount;
import org.voronka.analytics.Forecast;
import org.voronka.analytics.ForecastAccuracy;
import org.voronka.analytics.Funnel;
import org.voronka.analytics.FunnelModel;
import org.voronka.analytics.Outcome;
import org.voronka.analytics.ReportFilter;
import org.voronka.analytics.SalesAnalytics;
import org.voronka.analytics.SalesForecast;
import org.voronka.analytics.Snapshot;
import org.voronka.analytics.StageDurations;
import org.voronka.analytics.StalledStages;
import org.voronka.analytics.TeamResults;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldFilter;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.DealManagement;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.Table;
import org.voronka.shared.TableExport;

/**
 * Аналитика: the sales analysis (funnel), time in stage, and the snapshot with stalled stages.
 * Filters live in the URL; every number links to the deal list showing those deals; every table
 * exports as CSV and XLSX.
 */
@Controller
class AnalyticsController {

    private final SalesAnalytics analytics;
    private final SalesForecast forecasts;
    private final PipelineManagement pipelines;
    private final AccountManagement accounts;
    private final MessageSource messages;
    private final FieldValues fields;

    AnalyticsController(SalesAnalytics analytics, SalesForecast forecasts, PipelineManagement pipelines, AccountManagement accounts,
                        MessageSource messages, FieldValues fields) {
        this.fields = fields;
        this.analytics = analytics;
        this.forecasts = forecasts;
        this.pipelines = pipelines;
        this.accounts = accounts;
        this.messages = messages;
    }

    /** A funnel row as drawn: the bar width is its share of the widest row. */
    record FunnelRow(String name, String color, boolean won, Amount amount, Double toNext, Double toWon, double width, String link) {}

    record LossRow(String stage, Amount amount, List<Funnel.Reason> reasons, String link) {}

    record OutcomeRow(String code, Amount amount, String link) {}

    record DurationRow(String name, String color, StageDurations.StageTime time, double width) {}

    @GetMapping("/analytics")
    String analytics() {
        return "redirect:/analytics/funnel";
    }

    @GetMapping("/analytics/funnel")
    String funnel(Actor actor, HttpServletRequest request,
                  @RequestParam(required = false) String pipeline, @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to, @RequestParam(required = false) String model,
                  @RequestParam(required = false) String user, @RequestParam(required = false) String group, Model m) {
        ZoneId zone = zone(actor);
        ReportParams params = params(actor, request, pipeline, from, to, model, user, group, zone);
        Funnel f = analytics.funnel(actor.accountId(), params.filter(zone), params.model());
        long widest = f.steps().stream().mapToLong(s -> s.amount().deals()).max().orElse(0);
        List<FunnelRow> rows = f.steps().stream().map(s -> new FunnelRow(s.stage().name(), s.stage().color(), s.stage().isWon(),
                s.amount(), s.conversionToNext(), s.conversionToWon(), widest == 0 ? 0 : 100.0 * s.amount().deals() / widest,
                params.dealsLink("funnel", zone, s.stage().isWon() ? "outcome=won"
                        : "model=" + (s.stage().isUnsorted() ? "visited" : params.model().code()) + "&stage=" + s.stage().id())))
                .toList();
        List<LossRow> losses = f.losses().stream().map(l -> new LossRow(l.stage() == null ? null : l.stage().name(), l.amount(),
                l.reasons(), l.stage() == null ? null : params.dealsLink("funnel", zone, "model=lost_from&stage=" + l.stage().id())))
                .toList();
        List<OutcomeRow> outcomes = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            outcomes.add(new OutcomeRow(o.code(), f.outcomes().get(o), params.dealsLink("funnel", zone, "outcome=" + o.code())));
        }
        page(actor, params, m, "funnel");
        m.addAttribute("funnel", f);
        m.addAttribute("rows", rows);
        m.addAttribute("losses", losses);
        m.addAttribute("outcomes", outcomes);
        m.addAttribute("cohortLink", params.dealsLink("funnel", zone, ""));
        m.addAttribute("reachedQuery", params.withModel(FunnelModel.REACHED).query());
        m.addAttribute("visitedQuery", params.withModel(FunnelModel.VISITED).query());
        return "analytics/funnel";
    }

    @GetMapping("/analytics/funnel/export")
    void funnelExport(Actor actor, HttpServletRequest request,
                      @RequestParam(required = false) String pipeline, @RequestParam(required = false) String from,
                      @RequestParam(required = false) String to, @RequestParam(required = false) String model,
                      @RequestParam(required = false) String user, @RequestParam(required = false) String group,
                      @RequestParam(defaultValue = "funnel") String table, @RequestParam(defaultValue = "csv") String format,
                      Locale locale, HttpServletResponse response) throws IOException {
        ZoneId zone = zone(actor);
        ReportParams params = params(actor, request, pipeline, from, to, model, user, group, zone);
        if ("losses".equals(table)) {
            List<List<Object>> lost = new ArrayList<>();
            for (Funnel.LostDeal d : analytics.lostDeals(actor.accountId(), params.filter(zone), LOSSES_EXPORT_LIMIT)) {
                lost.add(java.util.Arrays.asList(d.dealId(), d.name(), d.budget(),
                        d.lostFrom() == null ? text("analytics.losses.noStage", locale) : d.lostFrom().name(),
                        d.reason() == null ? text("analytics.losses.noReason", locale) : d.reason(), d.lostAt()));
            }
            export(new Table(text("analytics.losses", locale), List.of(text("analytics.col.dealId", locale),
                    text("analytics.col.dealName", locale), text("analytics.col.budget", locale), text("analytics.col.lostFrom", locale),
                    text("analytics.col.reason", locale), text("analytics.col.lostAt", locale)), lost), "losses", format, zone, response);
            return;
        }
        Funnel f = analytics.funnel(actor.accountId(), params.filter(zone), params.model());
        List<List<Object>> rows = new ArrayList<>();
        for (Funnel.Step s : f.steps()) {
            rows.add(List.of(s.stage().name(), s.amount().deals(), s.amount().budget(), s.won(), percent(s.conversionToNext()),
                    percent(s.conversionToWon())));
        }
        export(new Table(text("analytics.funnel.title", locale), List.of(text("analytics.col.stage", locale),
                text("analytics.col.deals", locale), text("analytics.col.budget", locale), text("analytics.col.won", locale),
                text("analytics.col.toNext", locale), text("analytics.col.toWon", locale)), rows), "funnel", format, zone, response);
    }

    @GetMapping("/analytics/durations")
    String durations(Actor actor, HttpServletRequest request,
                     @RequestParam(required = false) String pipeline, @RequestParam(required = false) String from,
                     @RequestParam(required = false) String to, @RequestParam(required = false) String user,
                     @RequestParam(required = false) String group, Locale locale, Model m) {
        ZoneId zone = zone(actor);
        ReportParams params = params(actor, request, pipeline, from, to, null, user, group, zone);
        StageDurations d = analytics.stageDurations(actor.accountId(), params.filter(zone), SalesAnalytics.DEFAULT_MISDROP_SECONDS);
        double longest = d.stages().stream().map(s -> s.perVisit().median()).filter(v -> v != null).mapToDouble(Double::doubleValue)
                .max().orElse(0);
        m.addAttribute("rows", d.stages().stream().map(s -> new DurationRow(s.stage().name(), s.stage().color(), s,
                s.perVisit().median() == null || longest == 0 ? 0 : 100.0 * s.perVisit().median() / longest)).toList());
        m.addAttribute("format", new DurationFormat(messages, locale));
        m.addAttribute("misdrop", SalesAnalytics.DEFAULT_MISDROP_SECONDS);
        page(actor, params, m, "durations");
        return "analytics/durations";
    }

    @GetMapping("/analytics/durations/export")
    void durationsExport(Actor actor, HttpServletRequest request,
                         @RequestParam(required = false) String pipeline, @RequestParam(required = false) String from,
                         @RequestParam(required = false) String to, @RequestParam(required = false) String user,
                         @RequestParam(required = false) String group, @RequestParam(defaultValue = "csv") String format,
                         Locale locale, HttpServletResponse response) throws IOException {
        ZoneId zone = zone(actor);
        ReportParams params = params(actor, request, pipeline, from, to, null, user, group, zone);
        StageDurations d = analytics.stageDurations(actor.accountId(), params.filter(zone), SalesAnalytics.DEFAULT_MISDROP_SECONDS);
        List<List<Object>> rows = new ArrayList<>();
        for (StageDurations.StageTime t : d.stages()) {
            rows.add(java.util.Arrays.asList(t.stage().name(), t.perVisit().count(), hours(t.perVisit().median()),
                    hours(t.perVisit().mean()), hours(t.perVisit().p90()), t.misdrops(), hours(t.cumulative().median()),
                    t.current().count(), hours(t.current().median()), t.skipped()));
        }
        export(new Table(text("analytics.durations.title", locale), List.of(text("analytics.col.stage", locale),
                text("analytics.col.stays", locale), text("analytics.col.medianHours", locale), text("analytics.col.meanHours", locale),
                text("analytics.col.p90Hours", locale), text("analytics.col.misdrops", locale),
                text("analytics.col.cumulativeHours", locale), text("analytics.col.current", locale),
                text("analytics.col.currentHours", locale), text("analytics.col.skipped", locale)), rows),
                "time-in-stage", format, zone, response);
    }

    /** A row of the results table with its drill-downs (null for the total when it has none). */
    record ResultRow(TeamResults.Row row, String newLink, String wonLink, String lostLink, double width) {}

    @GetMapping("/analytics/team")
    String team(Actor actor, HttpServletRequest request,
                @RequestParam(required = false) String pipeline, @RequestParam(required = false) String from,
                @RequestParam(required = false) String to, @RequestParam(required = false) String user,
                @RequestParam(required = false) String group, @RequestParam(required = false) String by, Locale locale, Model m) {
        ZoneId zone = zone(actor);
        ReportParams params = params(actor, request, pipeline, from, to, null, user, group, zone);
        boolean departments = "department".equals(by);
        TeamResults t = analytics.results(actor.accountId(), params.filter(zone), departments);
        double widest = t.rows().stream().mapToDouble(r -> r.wonBudget().doubleValue()).max().orElse(0);
        List<ResultRow> rows = t.rows().stream().map(r -> {
            String base = teamLink(params, zone, departments, r.id());
            return new ResultRow(r, base, base + "&outcome=won", base + "&outcome=lost",
                    widest == 0 ? 0 : 100 * r.wonBudget().doubleValue() / widest);
        }).toList();
        page(actor, params, m, "team");
        m.addAttribute("results", t);
        m.addAttribute("rows", rows);
        m.addAttribute("total", new ResultRow(t.total(), params.dealsLink("funnel", zone, ""), params.dealsLink("funnel", zone, "outcome=won"),
                params.dealsLink("funnel", zone, "outcome=lost"), 0));
        m.addAttribute("byDepartment", departments);
        m.addAttribute("userQuery", params.query());
        m.addAttribute("departmentQuery", params.query() + "&by=department");
        m.addAttribute("format", new DurationFormat(messages, locale));
        return "analytics/team";
    }

    @GetMapping("/analytics/team/export")
    void teamExport(Actor actor, HttpServletRequest request,
                    @RequestParam(required = false) String pipeline, @RequestParam(required = false) String from,
                    @RequestParam(required = false) String to, @RequestParam(required = false) String user,
                    @RequestParam(required = false) String group, @RequestParam(required = false) String by,
                    @RequestParam(defaultValue = "csv") String format, Locale locale, HttpServletResponse response) throws IOException {
        ZoneId zone = zone(actor);
        ReportParams params = params(actor, request, pipeline, from, to, null, user, group, zone);
        boolean departments = "department".equals(by);
        TeamResults t = analytics.results(actor.accountId(), params.filter(zone), departments);
        List<List<Object>> rows = new ArrayList<>();
        for (TeamResults.Row r : t.rows()) {
            rows.add(java.util.Arrays.asList(r.name() != null ? r.name() : departments && r.id() == 0
                            ? text("analytics.team.noDepartment", locale) : "#" + r.id(), r.newDeals(), r.won(), r.wonBudget(), r.lost(),
                    percent(r.conversion()), hours(r.medianCycleSeconds()), r.tasksCompleted(), r.calls(), r.notes()));
        }
        export(new Table(text(departments ? "analytics.team.byDepartment" : "analytics.team.byUser", locale),
                List.of(text(departments ? "analytics.col.department" : "analytics.col.responsible", locale),
                        text("analytics.col.newDeals", locale), text("analytics.col.wonDeals", locale),
                        text("analytics.col.wonBudget", locale), text("analytics.col.lostDeals", locale),
                        text("analytics.col.toWon", locale), text("analytics.col.cycleHours", locale),
                        text("analytics.col.tasksCompleted", locale), text("analytics.col.calls", locale),
                        text("analytics.col.notes", locale)), rows),
                departments ? "results-by-department" : "results-by-user", format, zone, response);
    }

    /** The deal list of a user's or department's cohort deals in the report's period. */
    private static String teamLink(ReportParams params, ZoneId zone, boolean department, long id) {
        ReportParams one = department ? params.only(params.user(), id) : params.only(id, params.group());
        return one.dealsLink("funnel", zone, "");
    }

    /** A range bar of the forecast chart: positions are percents of the chart's scale. */
    record RangeBar(String label, BigDecimal expected, BigDecimal low, BigDecimal high, BigDecimal actual, double expectedWidth,
                    double lowLeft, double rangeWidth, Double actualAt, String link) {}

    /** The losses export lists at most this many deals. */
    static final int LOSSES_EXPORT_LIMIT = 100_000;

    /** How many months of saved forecasts the accuracy history shows. */
    static final int ACCURACY_MONTHS = 12;

    @GetMapping("/analytics/forecast")
    String forecast(Actor actor, HttpServletRequest request,
                    @RequestParam(required = false) String pipeline, @RequestParam(required = false) String user,
                    @RequestParam(required = false) String group, Locale locale, Model m) {
        ZoneId zone = zone(actor);
        ReportParams params = params(actor, request, pipeline, null, null, null, user, group, zone);
        Forecast f = forecasts.forecast(actor.accountId(), params.filter(zone), SalesForecast.DEFAULT_SEED);
        ForecastAccuracy accuracy = forecasts.accuracy(actor.accountId(), params.pipelineId(), ACCURACY_MONTHS);
        java.time.format.DateTimeFormatter monthFormat = java.time.format.DateTimeFormatter.ofPattern("LLLL yyyy", locale);

        double scale = 0;
        for (Forecast.MonthForecast mf : f.months()) {
            scale = Math.max(scale, Math.max(mf.high().doubleValue(), mf.expected().doubleValue()));
        }
        List<RangeBar> months = new ArrayList<>();
        for (Forecast.MonthForecast mf : f.months()) {
            months.add(bar(mf.month().format(monthFormat), mf.expected(), mf.low(), mf.high(), null, scale,
                    params.dealsLink("open", zone, "")));
        }
        // the accuracy history: per month the forecast made closest to it (in the month itself when there is one)
        java.util.Map<java.time.YearMonth, ForecastAccuracy.Row> closest = new java.util.TreeMap<>();
        for (ForecastAccuracy.Row r : accuracy.rows()) {
            closest.merge(r.month(), r, (x, y) -> x.ahead() <= y.ahead() ? x : y);
        }
        double historyScale = 0;
        for (ForecastAccuracy.Row r : closest.values()) {
            historyScale = Math.max(historyScale, Math.max(r.high().doubleValue(), Math.max(r.actual().doubleValue(), r.expected().doubleValue())));
        }
        List<RangeBar> history = new ArrayList<>();
        for (ForecastAccuracy.Row r : closest.values()) {
            history.add(bar(r.month().format(monthFormat), r.expected(), r.low(), r.high(), r.actual(), historyScale,
                    wonLink(params, zone, r.month())));
        }
        List<String> accuracyLinks = accuracy.rows().stream().map(r -> wonLink(params, zone, r.month())).toList();
        page(actor, params, m, "forecast");
        m.addAttribute("forecast", f);
        m.addAttribute("months", months);
        m.addAttribute("history", history);
        m.addAttribute("accuracy", accuracy);
        m.addAttribute("accuracyLinks", accuracyLinks);
        m.addAttribute("monthFormat", monthFormat);
        return "analytics/forecast";
    }

    @GetMapping("/analytics/forecast/export")
    void forecastExport(Actor actor, HttpServletRequest request,
                        @RequestParam(required = false) String pipeline, @RequestParam(required = false) String user,
                        @RequestParam(required = false) String group, @RequestParam(defaultValue = "stages") String table,
                        @RequestParam(defaultValue = "csv") String format, Locale locale, HttpServletResponse response)
            throws IOException {
        ZoneId zone = zone(actor);
        ReportParams params = params(actor, request, pipeline, null, null, null, user, group, zone);
        List<List<Object>> rows = new ArrayList<>();
        if ("months".equals(table)) {
            for (Forecast.MonthForecast mf : forecasts.forecast(actor.accountId(), params.filter(zone), SalesForecast.DEFAULT_SEED).months()) {
                rows.add(List.of(mf.month().toString(), mf.expected(), mf.low(), mf.high()));
            }
            export(new Table(text("analytics.forecast.months", locale), List.of(text("analytics.col.month", locale),
                    text("analytics.col.expected", locale), text("analytics.col.low", locale), text("analytics.col.high", locale)), rows),
                    "forecast-months", format, zone, response);
        } else if ("accuracy".equals(table)) {
            for (ForecastAccuracy.Row r : forecasts.accuracy(actor.accountId(), params.pipelineId(), ACCURACY_MONTHS).rows()) {
                rows.add(java.util.Arrays.asList(r.month().toString(), r.madeIn().toString(), r.expected(), r.low(), r.high(), r.actual(),
                        percent(r.error()), text(r.withinRange() ? "analytics.forecast.inRange" : "analytics.forecast.outOfRange", locale)));
            }
            export(new Table(text("analytics.forecast.accuracy", locale), List.of(text("analytics.col.month", locale),
                    text("analytics.col.madeIn", locale), text("analytics.col.expected", locale), text("analytics.col.low", locale),
                    text("analytics.col.high", locale), text("analytics.col.actual", locale), text("analytics.col.error", locale),
                    text("analytics.col.inRange", locale)), rows), "forecast-accuracy", format, zone, response);
        } else {
            for (Forecast.StageForecast s : forecasts.forecast(actor.accountId(), params.filter(zone), SalesForecast.DEFAULT_SEED).stages()) {
                rows.add(java.util.Arrays.asList(s.stage().name(), s.open().deals(), s.open().budget(), s.setProbability(),
                        percent(s.observedProbability()), s.observedDeals(), s.weightedSet(), s.weightedObserved(), s.weighted()));
            }
            export(new Table(text("analytics.forecast.weighted", locale), List.of(text("analytics.col.stage", locale),
                    text("analytics.col.open", locale), text("analytics.col.budget", locale), text("analytics.col.setProbability", locale),
                    text("analytics.col.observedProbability", locale), text("analytics.col.observedDeals", locale),
                    text("analytics.col.weightedSet", locale), text("analytics.col.weightedObserved", locale),
                    text("analytics.col.weighted", locale)), rows), "weighted-pipeline", format, zone, response);
        }
    }

    private static RangeBar bar(String label, BigDecimal expected, BigDecimal low, BigDecimal high, BigDecimal actual, double scale,
                                String link) {
        if (scale <= 0) {
            return new RangeBar(label, expected, low, high, actual, 0, 0, 0, actual == null ? null : 0.0, link);
        }
        double lowLeft = 100 * low.doubleValue() / scale;
        return new RangeBar(label, expected, low, high, actual, 100 * expected.doubleValue() / scale, lowLeft,
                100 * high.doubleValue() / scale - lowLeft, actual == null ? null : 100 * actual.doubleValue() / scale, link);
    }

    /** The deal list of the deals won in a month of the account's time zone. */
    private static String wonLink(ReportParams params, ZoneId zone, java.time.YearMonth month) {
        return params.wonLink(month.atDay(1).atStartOfDay(zone).toEpochSecond(),
                month.plusMonths(1).atDay(1).atStartOfDay(zone).toEpochSecond());
    }

    @GetMapping("/analytics/snapshot")
    String snapshot(Actor actor, HttpServletRequest request,
                    @RequestParam(required = false) String pipeline, @RequestParam(required = false) String user,
                    @RequestParam(required = false) String group, Model m) {
        ZoneId zone = zone(actor);
        ReportParams params = params(actor, request, pipeline, null, null, null, user, group, zone);
        ReportFilter filter = params.filter(zone);
        m.addAttribute("snapshot", analytics.snapshot(actor.accountId(), filter));
        m.addAttribute("stalled", analytics.stalled(actor.accountId(), filter));
        page(actor, params, m, "snapshot");
        return "analytics/snapshot";
    }

    @GetMapping("/analytics/snapshot/export")
    void snapshotExport(Actor actor, HttpServletRequest request,
                        @RequestParam(required = false) String pipeline, @RequestParam(required = false) String user,
                        @RequestParam(required = false) String group, @RequestParam(defaultValue = "stages") String table,
                        @RequestParam(defaultValue = "csv") String format, Locale locale, HttpServletResponse response)
            throws IOException {
        ZoneId zone = zone(actor);
        ReportParams params = params(actor, request, pipeline, null, null, null, user, group, zone);
        ReportFilter filter = params.filter(zone);
        List<List<Object>> rows = new ArrayList<>();
        if ("users".equals(table)) {
            for (Snapshot.UserAmount u : analytics.snapshot(actor.accountId(), filter).users()) {
                rows.add(List.of(u.name(), u.amount().deals(), u.amount().budget()));
            }
            export(new Table(text("analytics.snapshot.users", locale), List.of(text("analytics.col.responsible", locale),
                    text("analytics.col.deals", locale), text("analytics.col.budget", locale)), rows), "open-by-user", format, zone,
                    response);
        } else if ("stalled".equals(table)) {
            for (StalledStages.Row r : analytics.stalled(actor.accountId(), filter).stages()) {
                rows.add(java.util.Arrays.asList(r.stage().name(), r.open(), r.withoutTask(), r.overdueTask(),
                        r.stage().targetSeconds() == null ? null : r.overTarget()));
            }
            export(new Table(text("analytics.stalled.title", locale), List.of(text("analytics.col.stage", locale),
                    text("analytics.col.open", locale), text("analytics.col.withoutTask", locale), text("analytics.col.overdue", locale),
                    text("analytics.col.overTarget", locale)), rows), "stalled", format, zone, response);
        } else {
            for (Snapshot.StageAmount s : analytics.snapshot(actor.accountId(), filter).stages()) {
                rows.add(List.of(s.stage().name(), s.amount().deals(), s.amount().budget()));
            }
            export(new Table(text("analytics.snapshot.stages", locale), List.of(text("analytics.col.stage", locale),
                    text("analytics.col.deals", locale), text("analytics.col.budget", locale)), rows), "open-by-stage", format, zone,
                    response);
        }
    }

    private ReportParams params(Actor actor, HttpServletRequest request, String pipeline, String from, String to, String model,
                                String user, String group, ZoneId zone) {
        long main = pipelines.mainPipeline(actor.accountId()).id();
        ReportParams p = ReportParams.parse(main, pipeline, from, to, model, user, group, fieldChoices(actor, request, zone),
                LocalDate.now(zone));
        if (pipelines.pipeline(actor.accountId(), p.pipelineId()).isEmpty()) {
            p = new ReportParams(main, p.from(), p.to(), p.model(), p.user(), p.group(), p.fields());
        }
        return p;
    }

    /**
     * The field conditions of the address that the reports can apply (the filter bar's field types,
     * known options, numbers that parse): a hand-edited address narrows what it can rather than fails.
     */
    private Map<Long, ListFilter.FieldChoice> fieldChoices(Actor actor, HttpServletRequest request, ZoneId zone) {
        Map<Long, ListFilter.FieldChoice> asked = ListFilter.fields(request.getParameterMap());
        if (asked.isEmpty()) {
            return Map.of();
        }
        Set<Long> offered = filterFields(actor).stream().map(CustomField::id).collect(Collectors.toSet());
        Set<Long> accepted = fields.acceptedFilters(actor.accountId(), DealManagement.ENTITY, ListFilter.fieldFilters(asked, zone))
                .stream().map(FieldFilter::fieldId).collect(Collectors.toSet());
        Map<Long, ListFilter.FieldChoice> kept = new TreeMap<>(asked);
        kept.keySet().removeIf(id -> !offered.contains(id) || !accepted.contains(id));
        return kept;
    }

    /** The deal fields the filter bar offers: those of the list's filter panel (every one a report can filter by). */
    private List<CustomField> filterFields(Actor actor) {
        return fields.fields(actor.accountId(), DealManagement.ENTITY).stream().filter(f -> FilterPanel.FILTERABLE.contains(f.type()))
                .toList();
    }

    private ZoneId zone(Actor actor) {
        try {
            return ZoneId.of(accounts.account(actor.accountId()).timezone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private void page(Actor actor, ReportParams params, Model m, String tab) {
        List<Pipeline> all = pipelines.pipelines(actor.accountId());
        m.addAttribute("pipelines", all);
        m.addAttribute("pipeline", all.stream().filter(p -> p.id() == params.pipelineId()).findFirst().orElseThrow());
        m.addAttribute("params", params);
        m.addAttribute("query", params.query());
        m.addAttribute("users", accounts.users(actor.accountId(), 0, 500));
        m.addAttribute("groups", accounts.groups(actor.accountId()));
        m.addAttribute("filterFields", filterFields(actor));
        m.addAttribute("tab", tab);
        m.addAttribute("section", "analytics");
    }

    private void export(Table table, String name, String format, ZoneId zone, HttpServletResponse response) throws IOException {
        TableExport.Format f = TableExport.Format.of(format).orElse(TableExport.Format.CSV);
        response.setContentType(f.mediaType());
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "." + f.extension() + "\"");
        TableExport.write(table, f, zone, response.getOutputStream());
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    private static BigDecimal percent(Double fraction) {
        return fraction == null ? null : BigDecimal.valueOf(fraction * 100).setScale(1, java.math.RoundingMode.HALF_UP);
    }

    private static BigDecimal hours(Double seconds) {
        return seconds == null ? null : BigDecimal.valueOf(seconds / 3600).setScale(2, java.math.RoundingMode.HALF_UP);
    }

    /** Durations for people: "3 д 4 ч", "2 ч 15 мин", "5 мин". */
    record DurationFormat(MessageSource messages, Locale locale) {

        public String of(Double seconds) {
            if (seconds == null) {
                return "—";
            }
            long s = Math.round(seconds);
            long days = s / 86400;
            long hours = (s % 86400) / 3600;
            long minutes = (s % 3600) / 60;
            if (days > 0) {
                return messages.getMessage("duration.dh", new Object[] {days, hours}, locale);
            }
            if (hours > 0) {
                return messages.getMessage("duration.hm", new Object[] {hours, minutes}, locale);
            }
            return messages.getMessage("duration.ms", new Object[] {minutes, s % 60}, locale);
        }
    }
}
