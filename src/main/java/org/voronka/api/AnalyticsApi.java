package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
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
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException;

/**
 * Our extension {@code /api/v4/analytics/...}: reports computed from the stage history. Every
 * report takes {@code pipeline_id} (default: the main pipeline) and the filters
 * {@code filter[responsible_user_id]}, {@code filter[group_id]}, {@code filter[tags]} (tag ids),
 * {@code filter[source_id]} and {@code filter[custom_fields_values]} (as on the lead list, for
 * option, user, checkbox, number and date fields); the history reports also take the period {@code from}/{@code to}
 * (Unix seconds, default: the last 365 days).
 */
@RestController
class AnalyticsApi {

    static final Duration DEFAULT_PERIOD = Duration.ofDays(365);

    private final SalesAnalytics analytics;
    private final SalesForecast forecasts;
    private final PipelineManagement pipelines;
    private final Clock clock;

    AnalyticsApi(SalesAnalytics analytics, SalesForecast forecasts, PipelineManagement pipelines, Clock clock) {
        this.analytics = analytics;
        this.forecasts = forecasts;
        this.pipelines = pipelines;
        this.clock = clock;
    }

    @GetMapping("/api/v4/analytics/funnel")
    ResponseEntity<Object> funnel(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        ReportFilter filter = filter(actor, params);
        String modelCode = params.get("model").first();
        FunnelModel model = modelCode == null ? FunnelModel.REACHED : FunnelModel.of(modelCode).orElseThrow(() ->
                ValidationException.of("0", "model", "NotSupportedChoice", "model is reached or visited"));
        Funnel f = analytics.funnel(actor.accountId(), filter, model);
        Map<String, Object> body = report(filter);
        body.put("model", model.code());
        body.put("cohort", amount(f.cohort()));
        Map<String, Object> outcomes = new LinkedHashMap<>();
        for (Outcome o : Outcome.values()) {
            outcomes.put(o.code(), amount(f.outcomes().get(o)));
        }
        body.put("outcomes", outcomes);
        List<Object> stages = f.steps().stream().map(s -> {
            Map<String, Object> m = stage(s.stage());
            m.putAll(amount(s.amount()));
            m.put("won", s.won());
            m.put("conversion_to_next", round(s.conversionToNext()));
            m.put("conversion_to_won", round(s.conversionToWon()));
            return (Object) m;
        }).toList();
        List<Object> losses = f.losses().stream().map(l -> {
            Map<String, Object> m = l.stage() == null ? unknownStage() : stage(l.stage());
            m.putAll(amount(l.amount()));
            m.put("reasons", l.reasons().stream().map(r -> {
                Map<String, Object> rm = new LinkedHashMap<>();
                rm.put("loss_reason_id", r.reasonId());
                rm.put("name", r.name());
                rm.putAll(amount(r.amount()));
                return (Object) rm;
            }).toList());
            return (Object) m;
        }).toList();
        return report(body, Map.of("stages", stages, "losses", losses));
    }

    @GetMapping("/api/v4/analytics/stage_durations")
    ResponseEntity<Object> stageDurations(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        ReportFilter filter = filter(actor, params);
        long threshold = params.get("misdrop_seconds").intValue((int) SalesAnalytics.DEFAULT_MISDROP_SECONDS, 0, 86_400);
        StageDurations d = analytics.stageDurations(actor.accountId(), filter, threshold);
        Map<String, Object> body = report(filter);
        body.put("misdrop_seconds", d.thresholdSeconds());
        List<Object> stages = d.stages().stream().map(s -> {
            Map<String, Object> m = stage(s.stage());
            m.put("per_visit", stats(s.perVisit()));
            m.put("misdrops", s.misdrops());
            m.put("cumulative", stats(s.cumulative()));
            m.put("current", stats(s.current()));
            m.put("skipped", s.skipped());
            return (Object) m;
        }).toList();
        return report(body, Map.of("stages", stages));
    }

    @GetMapping("/api/v4/analytics/snapshot")
    ResponseEntity<Object> snapshot(Actor actor, HttpServletRequest request) {
        ReportFilter filter = filter(actor, Params.of(request.getParameterMap()));
        Snapshot s = analytics.snapshot(actor.accountId(), filter);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipeline_id", s.pipelineId());
        body.put("total", amount(s.total()));
        List<Object> stages = s.stages().stream().map(r -> {
            Map<String, Object> m = stage(r.stage());
            m.putAll(amount(r.amount()));
            return (Object) m;
        }).toList();
        List<Object> users = s.users().stream().map(u -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("responsible_user_id", u.userId());
            m.put("name", u.name());
            m.putAll(amount(u.amount()));
            return (Object) m;
        }).toList();
        return report(body, Map.of("stages", stages, "users", users));
    }

    @GetMapping("/api/v4/analytics/stalled")
    ResponseEntity<Object> stalled(Actor actor, HttpServletRequest request) {
        ReportFilter filter = filter(actor, Params.of(request.getParameterMap()));
        StalledStages s = analytics.stalled(actor.accountId(), filter);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipeline_id", s.pipelineId());
        body.put("at", s.at().getEpochSecond());
        List<Object> stages = s.stages().stream().map(r -> {
            Map<String, Object> m = stage(r.stage());
            m.put("target_duration", r.stage().targetSeconds());
            m.put("open", r.open());
            m.put("without_task", r.withoutTask());
            m.put("overdue_task", r.overdueTask());
            m.put("over_target", r.stage().targetSeconds() == null ? null : r.overTarget());
            return (Object) m;
        }).toList();
        return report(body, Map.of("stages", stages));
    }

    @GetMapping("/api/v4/analytics/users")
    ResponseEntity<Object> users(Actor actor, HttpServletRequest request) {
        return results(actor, request, false);
    }

    @GetMapping("/api/v4/analytics/departments")
    ResponseEntity<Object> departments(Actor actor, HttpServletRequest request) {
        return results(actor, request, true);
    }

    private ResponseEntity<Object> results(Actor actor, HttpServletRequest request, boolean byDepartment) {
        ReportFilter filter = filter(actor, Params.of(request.getParameterMap()));
        TeamResults t = analytics.results(actor.accountId(), filter, byDepartment);
        Map<String, Object> body = report(filter);
        body.put("total", result(t.total(), null));
        return report(body, Map.of(byDepartment ? "departments" : "users",
                t.rows().stream().map(r -> (Object) result(r, byDepartment ? "group_id" : "responsible_user_id")).toList()));
    }

    private static Map<String, Object> result(TeamResults.Row r, String idName) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (idName != null) {
            m.put(idName, r.id());
            m.put("name", r.name());
        }
        m.put("new_deals", r.newDeals());
        m.put("won", r.won());
        m.put("won_budget", r.wonBudget());
        m.put("lost", r.lost());
        m.put("conversion_to_won", round(r.conversion()));
        m.put("median_cycle", seconds(r.medianCycleSeconds()));
        m.put("tasks_completed", r.tasksCompleted());
        m.put("calls", r.calls());
        m.put("notes", r.notes());
        return m;
    }

    @GetMapping("/api/v4/analytics/forecast")
    ResponseEntity<Object> forecast(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        ReportFilter filter = filter(actor, params);
        Long seed = params.get("seed").longValue();
        Forecast f = forecasts.forecast(actor.accountId(), filter, seed == null ? SalesForecast.DEFAULT_SEED : seed);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipeline_id", f.pipelineId());
        body.put("at", f.at().getEpochSecond());
        body.put("window_days", f.windowDays());
        body.put("runs", f.runs());
        body.put("seed", f.seed());
        body.put("open", amount(f.open()));
        body.put("weighted", f.weighted());
        List<Object> stages = f.stages().stream().map(s -> {
            Map<String, Object> m = stage(s.stage());
            m.putAll(amount(s.open()));
            m.put("win_probability", s.setProbability());
            m.put("observed_probability", round(s.observedProbability()));
            m.put("observed_deals", s.observedDeals());
            m.put("observed_won", s.observedWon());
            m.put("probability", round(s.probability()));
            m.put("weighted_set", s.weightedSet());
            m.put("weighted_observed", s.weightedObserved());
            m.put("weighted", s.weighted());
            return (Object) m;
        }).toList();
        List<Object> months = f.months().stream().map(mf -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("month", mf.month().toString());
            m.put("expected", mf.expected());
            m.put("low", mf.low());
            m.put("high", mf.high());
            return (Object) m;
        }).toList();
        return report(body, Map.of("stages", stages, "months", months));
    }

    @GetMapping("/api/v4/analytics/forecast_accuracy")
    ResponseEntity<Object> forecastAccuracy(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        Long pipelineId = params.get("pipeline_id").longValue();
        long pipeline = pipelineId != null ? pipelineId : pipelines.mainPipeline(actor.accountId()).id();
        int months = params.get("months").intValue(12, 1, 36);
        ForecastAccuracy a = forecasts.accuracy(actor.accountId(), pipeline, months);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipeline_id", a.pipelineId());
        body.put("current_month", a.current().toString());
        List<Object> rows = a.rows().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("month", r.month().toString());
            m.put("made_in", r.madeIn().toString());
            m.put("months_ahead", r.ahead());
            m.put("made_at", r.madeAt().getEpochSecond());
            m.put("expected", r.expected());
            m.put("low", r.low());
            m.put("high", r.high());
            m.put("actual", r.actual());
            m.put("is_complete", r.complete());
            m.put("within_range", r.withinRange());
            m.put("error", round(r.error()));
            return (Object) m;
        }).toList();
        return report(body, Map.of("forecasts", rows));
    }

    private ReportFilter filter(Actor actor, Params params) {
        Long pipelineId = params.get("pipeline_id").longValue();
        long pipeline = pipelineId != null ? pipelineId : pipelines.mainPipeline(actor.accountId()).id();
        Instant to = instant(params, "to");
        Instant from = instant(params, "from");
        if (to == null) {
            to = clock.instant();
        }
        if (from == null) {
            from = to.minus(DEFAULT_PERIOD);
        }
        if (!from.isBefore(to)) {
            throw ValidationException.of("0", "from", "InvalidValue", "from must be before to");
        }
        Params f = params.get("filter");
        return new ReportFilter(pipeline, from, to, f.get("responsible_user_id").longs(), f.get("group_id").longs(),
                f.get("tags").longs(), f.get("source_id").longs(), LeadFilter.fieldFilters(f.get("custom_fields_values")));
    }

    private static Instant instant(Params params, String name) {
        Long v = params.get(name).longValue();
        if (v == null) {
            return null;
        }
        if (v < 0 || v > In.MAX_TIMESTAMP) {
            throw ValidationException.of("0", name, "OutOfRange", name + " must be a Unix timestamp");
        }
        return Instant.ofEpochSecond(v);
    }

    private static Map<String, Object> report(ReportFilter filter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pipeline_id", filter.pipelineId());
        body.put("from", filter.from().getEpochSecond());
        body.put("to", filter.to().getEpochSecond());
        return body;
    }

    private static Map<String, Object> stage(Stage s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status_id", s.id());
        m.put("name", s.name());
        m.put("type", s.type());
        return m;
    }

    private static Map<String, Object> unknownStage() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status_id", null);
        m.put("name", null);
        m.put("type", null);
        return m;
    }

    private static Map<String, Object> amount(Amount a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deals", a.deals());
        m.put("budget", a.budget());
        return m;
    }

    private static Map<String, Object> stats(StageDurations.Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("mean", seconds(s.mean()));
        m.put("median", seconds(s.median()));
        m.put("p90", seconds(s.p90()));
        m.put("max", seconds(s.max()));
        return m;
    }

    private static Long seconds(Double v) {
        return v == null ? null : Math.round(v);
    }

    private static BigDecimal round(Double v) {
        return v == null ? null : BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP);
    }

    /** A report's answer: its fields, a self link and its rows under {@code _embedded}. */
    private static ResponseEntity<Object> report(Map<String, Object> body, Map<String, Object> embedded) {
        body.put("_links", Map.of("self", Map.of("href", Hal.currentUrl())));
        body.put("_embedded", embedded);
        return Hal.ok(body);
    }
}
