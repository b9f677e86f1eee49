package org.voronka.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.web.util.UriComponentsBuilder;
import org.voronka.analytics.FunnelModel;
import org.voronka.analytics.ReportFilter;
import org.voronka.web.ListFilter.FieldChoice;

/**
 * The filters of an analytics page as they stand in its URL: pipeline, period as dates in the
 * account's time zone (both days included), funnel model, one responsible user, one department,
 * and custom field values as the deal list takes them ({@code cf<id>}, {@code cf<id>From}/{@code To}).
 * Unreadable values fall back to the defaults (the main pipeline, the last twelve months, the
 * reached model, everyone, no field condition).
 */
record ReportParams(long pipelineId, LocalDate from, LocalDate to, FunnelModel model, Long user, Long group,
                    Map<Long, FieldChoice> fields) {

    ReportParams {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(fields));
    }

    static ReportParams parse(long defaultPipeline, String pipeline, String from, String to, String model, String user, String group,
                              Map<Long, FieldChoice> fields, LocalDate today) {
        LocalDate toDate = date(to, today);
        LocalDate fromDate = date(from, toDate.minusYears(1).plusDays(1));
        if (fromDate.isAfter(toDate)) {
            fromDate = toDate;
        }
        return new ReportParams(number(pipeline, defaultPipeline), fromDate, toDate,
                FunnelModel.of(model).orElse(FunnelModel.REACHED), number(user, null), number(group, null), fields);
    }

    ReportFilter filter(ZoneId zone) {
        return new ReportFilter(pipelineId, from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant(),
                user == null ? List.of() : List.of(user), group == null ? List.of() : List.of(group), List.of(), List.of(),
                ListFilter.fieldFilters(fields, zone));
    }

    ReportParams withModel(FunnelModel other) {
        return new ReportParams(pipelineId, from, to, other, user, group, fields);
    }

    /** The same filters for one responsible user or one department (a row of the team report). */
    ReportParams only(Long otherUser, Long otherGroup) {
        return new ReportParams(pipelineId, from, to, model, otherUser, otherGroup, fields);
    }

    /** The page's query string with these filters. */
    String query() {
        UriComponentsBuilder b = UriComponentsBuilder.newInstance().queryParam("pipeline", pipelineId)
                .queryParam("from", from).queryParam("to", to).queryParam("model", model.code());
        people(b);
        return b.encode().build().getQuery();
    }

    /** The deal list showing deals of this report ({@code extra}: the stage, outcome or kind, already encoded). */
    public String dealsLink(String report, ZoneId zone, String extra) {
        ReportFilter f = filter(zone);
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/leads/list").queryParam("report", report)
                .queryParam("pipeline", pipelineId);
        if ("funnel".equals(report)) {
            b.queryParam("from", f.from().getEpochSecond()).queryParam("to", f.to().getEpochSecond());
        }
        people(b);
        return b.encode().build().toUriString() + (extra == null || extra.isEmpty() ? "" : "&" + extra);
    }

    /** The deals won in {@code [from, to)} (Unix seconds) with these filters: a month of the forecast. */
    String wonLink(long fromSecond, long toSecond) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/leads/list").queryParam("report", "won")
                .queryParam("pipeline", pipelineId).queryParam("from", fromSecond).queryParam("to", toSecond);
        people(b);
        return b.encode().build().toUriString();
    }

    /** The user, department and field conditions (the drill-down reads the field ones as the list does). */
    private void people(UriComponentsBuilder b) {
        if (user != null) {
            b.queryParam("user", user);
        }
        if (group != null) {
            b.queryParam("group", group);
        }
        ListFilter.fieldPairs(fields).forEach(e -> b.queryParam(e.getKey(), e.getValue()));
    }

    private static LocalDate date(String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            return fallback;
        }
    }

    private static Long number(String value, Long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
