package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.util.UriComponentsBuilder;
import org.voronka.analytics.Outcome;
import org.voronka.analytics.ReportFilter;
import org.voronka.analytics.SalesAnalytics;
import org.voronka.analytics.SalesAnalytics.OpenKind;
import org.voronka.shared.ValidationException;
import org.voronka.web.ListFilter.FieldChoice;

/**
 * A drill-down from an analytics report into the deal list: {@code report=funnel} lists the
 * deals of a funnel (the cohort of a pipeline and period, optionally those counted in a stage by
 * a model, lost from a stage, or of one outcome); {@code report=open} lists open deals of a
 * pipeline now (optionally of a stage or responsible user, and of a stalled kind); {@code report=won}
 * lists the deals won in a period (standing in the pipeline's Won, last moved there in the period).
 * Each carries the report's filters: responsible user, department and custom field values.
 */
record ReportScope(String report, ReportFilter filter, String model, Long stage, Outcome outcome, Long responsible, OpenKind kind,
                   Map<Long, FieldChoice> fields) {

    /**
     * The scope the request names, or null when it names none. Custom field conditions are read as
     * the list reads them ({@code cf<id>}, {@code cf<id>From}/{@code To}; date ranges as whole days of {@code zone}).
     */
    static ReportScope of(HttpServletRequest request, ZoneId zone) {
        String report = request.getParameter("report");
        if (report == null || report.isBlank()) {
            return null;
        }
        if (!report.equals("funnel") && !report.equals("open") && !report.equals("won")) {
            throw ValidationException.of("0", "report", "NotSupportedChoice", "report is funnel, open or won");
        }
        Long pipeline = number(request, "pipeline");
        if (pipeline == null) {
            throw ValidationException.of("0", "pipeline", "NotBlank", "A report names its pipeline");
        }
        Long user = number(request, "user");
        Long group = number(request, "group");
        Instant from = Instant.EPOCH;
        Instant to = Instant.EPOCH.plusSeconds(1);
        if (report.equals("funnel") || report.equals("won")) {
            Long f = number(request, "from");
            Long t = number(request, "to");
            if (f == null || t == null) {
                throw ValidationException.of("0", "from", "NotBlank", "A funnel report names its period");
            }
            if (f >= t) {
                throw ValidationException.of("0", "from", "InvalidValue", "from must be before to");
            }
            from = Instant.ofEpochSecond(f);
            to = Instant.ofEpochSecond(t);
        }
        Map<Long, FieldChoice> fields = ListFilter.fields(request.getParameterMap());
        ReportFilter filter = new ReportFilter(pipeline, from, to, user == null ? List.of() : List.of(user),
                group == null ? List.of() : List.of(group), List.of(), List.of(), ListFilter.fieldFilters(fields, zone));
        String model = request.getParameter("model");
        if (model != null && !List.of("reached", "visited", "lost_from").contains(model)) {
            throw ValidationException.of("0", "model", "NotSupportedChoice", "model is reached, visited or lost_from");
        }
        Outcome outcome = choice(request, "outcome", Outcome.class, null);
        OpenKind kind = choice(request, "kind", OpenKind.class, OpenKind.ALL);
        return new ReportScope(report, filter, model, number(request, "stage"), outcome, number(request, "responsible"), kind, fields);
    }

    /** The ids of the next page of the scope's deals after {@code afterId}, ascending. */
    List<Long> ids(SalesAnalytics analytics, long accountId, long afterId, int limit) {
        if (report.equals("won")) {
            return analytics.wonDeals(accountId, filter, afterId, limit);
        }
        if (report.equals("funnel")) {
            return analytics.funnelDeals(accountId, filter, stage == null ? null : model == null ? "reached" : model, stage, outcome,
                    afterId, limit);
        }
        return analytics.openDeals(accountId, filter, stage, responsible, kind, afterId, limit);
    }

    /** The scope as query parameters, to page on. */
    String query() {
        UriComponentsBuilder b = UriComponentsBuilder.newInstance().queryParam("report", report)
                .queryParam("pipeline", filter.pipelineId());
        if (report.equals("funnel") || report.equals("won")) {
            b.queryParam("from", filter.from().getEpochSecond()).queryParam("to", filter.to().getEpochSecond());
        }
        filter.responsibleUserIds().forEach(u -> b.queryParam("user", u));
        filter.groupIds().forEach(g -> b.queryParam("group", g));
        if (model != null) {
            b.queryParam("model", model);
        }
        if (stage != null) {
            b.queryParam("stage", stage);
        }
        if (outcome != null) {
            b.queryParam("outcome", outcome.code());
        }
        if (responsible != null) {
            b.queryParam("responsible", responsible);
        }
        if (kind != OpenKind.ALL) {
            b.queryParam("kind", kind.name().toLowerCase(Locale.ROOT));
        }
        ListFilter.fieldPairs(fields).forEach(e -> b.queryParam(e.getKey(), e.getValue()));
        return b.encode().build().getQuery();
    }

    private static <E extends Enum<E>> E choice(HttpServletRequest request, String name, Class<E> type, E fallback) {
        String v = request.getParameter(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("0", name, "NotSupportedChoice", name + " is not one of " + java.util.Arrays.stream(
                    type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    private static Long number(HttpServletRequest request, String name) {
        String v = request.getParameter(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ValidationException.of("0", name, "InvalidType", name + " must be an integer");
        }
    }
}
