package org.voronka.web;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.util.UriComponentsBuilder;
import org.voronka.analytics.FunnelModel;
import org.voronka.analytics.ReportFilter;

/**
 * The filters of an analytics page as they stand in its URL: pipeline, period as dates in the
 * account's time zone (both days included), funnel model, one responsible user and one
 * department. Unreadable values fall back to the defaults (the main pipeline, the last twelve
 * months, the reached model, everyone).
 */
record ReportParams(long pipelineId, LocalDate from, LocalDate to, FunnelModel model, Long user, Long group) {

    static ReportParams parse(long defaultPipeline, String pipeline, String from, String to, String model, String user, String group,
                              LocalDate today) {
        LocalDate toDate = date(to, today);
        LocalDate fromDate = date(from, toDate.minusYears(1).plusDays(1));
        if (fromDate.isAfter(toDate)) {
            fromDate = toDate;
        }
        return new ReportParams(number(pipeline, defaultPipeline), fromDate, toDate,
                FunnelModel.of(model).orElse(FunnelModel.REACHED), number(user, null), number(group, null));
    }

    ReportFilter filter(ZoneId zone) {
        return new ReportFilter(pipelineId, from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant(),
                user == null ? List.of() : List.of(user), group == null ? List.of() : List.of(group), List.of(), List.of());
    }

    ReportParams withModel(FunnelModel other) {
        return new ReportParams(pipelineId, from, to, other, user, group);
    }

    /** The page's query string with these filters. */
    String query() {
        UriComponentsBuilder b = UriComponentsBuilder.newInstance().queryParam("pipeline", pipelineId)
                .queryParam("from", from).queryParam("to", to).queryParam("model", model.code());
        if (user != null) {
            b.queryParam("user", user);
        }
        if (group != null) {
            b.queryParam("group", group);
        }
        return b.build().getQuery();
    }

    /** The deal list showing deals of this report ({@code extra}: the stage, outcome or kind, already encoded). */
    public String dealsLink(String report, ZoneId zone, String extra) {
        ReportFilter f = filter(zone);
        UriComponentsBuilder b = UriComponentsBuilder.fromPath("/leads/list").queryParam("report", report)
                .queryParam("pipeline", pipelineId);
        if ("funnel".equals(report)) {
            b.queryParam("from", f.from().getEpochSecond()).queryParam("to", f.to().getEpochSecond());
        }
        if (user != null) {
            b.queryParam("user", user);
        }
        if (group != null) {
            b.queryParam("group", group);
        }
        return b.build().toUriString() + (extra == null || extra.isEmpty() ? "" : "&" + extra);
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
