package org.voronka.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.voronka.customfield.FieldFilter;
import org.voronka.deal.DealQuery;
import org.voronka.deal.Period;
import org.voronka.deal.TaskCondition;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.Stage;

/**
 * The filter of the list view as URL parameters (so a filtered list can be bookmarked, shared and
 * saved): {@code preset}, {@code pipeline}, {@code stage} (pipeline-status), {@code resp},
 * {@code group}, {@code created}/{@code updated}/{@code closed} (a {@link Period} code or
 * {@code custom} with {@code …From}/{@code …To} dates), {@code priceFrom}/{@code priceTo},
 * {@code tag} with {@code tagMode} (any, all, none), {@code tasks}, {@code q}, and custom field
 * values as {@code cf<id>} (option, user or exact values, repeatable) or a {@code cf<id>From}/{@code cf<id>To}
 * range (numbers, or dates as yyyy-mm-dd). The deal's contacts and company are filtered the same
 * way under {@code contact.} and {@code company.}: {@code contact.name} (contained, any case),
 * {@code contact.cf<id>} (options, users, yes/no, or a text the value contains — phones in any
 * format) and {@code contact.cf<id>From}/{@code To}; one contact of the deal meets all the contact
 * conditions. Values that do not parse are ignored, and the field conditions the field module would
 * refuse are left out: a hand-edited address never fails.
 */
public record ListFilter(String preset, List<Long> pipelines, List<String> stages, List<Long> responsible, List<Long> groups,
                  Map<String, DateChoice> dates, BigDecimal priceFrom, BigDecimal priceTo, List<Long> tags, String tagMode,
                  String tasks, String q, Map<Long, FieldChoice> fields, PartyChoice contact, PartyChoice company) {

    static final List<String> PRESETS = List.of("my", "open", "won", "lost", "notasks", "overdue");
    static final List<String> DATE_FIELDS = List.of("created", "updated", "closed");
    static final List<String> PERIODS = List.of("today", "yesterday", "this_week", "this_month", "this_quarter", "custom");

    public record DateChoice(String period, LocalDate from, LocalDate to) {}

    /** A custom field's condition: any of the values, or a range (either end may be null). */
    public record FieldChoice(List<String> values, String from, String to) {

        public boolean has(Object value) {
            return values.contains(String.valueOf(value));
        }
    }

    /** The conditions on the deal's contacts or its company: a name and field values, under a prefix of the address. */
    public record PartyChoice(String name, Map<Long, FieldChoice> fields) {

        static final PartyChoice NONE = new PartyChoice(null, Map.of());

        public boolean isEmpty() {
            return name == null && fields.isEmpty();
        }

        /** How many conditions are set. */
        int count() {
            return (name == null ? 0 : 1) + fields.size();
        }

        public FieldChoice field(long id) {
            return fields.get(id);
        }
    }

    static final String CONTACT = "contact.";
    static final String COMPANY = "company.";

    static ListFilter of(Map<String, String[]> params) {
        Map<String, DateChoice> dates = new LinkedHashMap<>();
        for (String f : DATE_FIELDS) {
            String period = one(params, f);
            if (period != null && PERIODS.contains(period)) {
                dates.put(f, new DateChoice(period, date(one(params, f + "From")), date(one(params, f + "To"))));
            }
        }
        String preset = one(params, "preset");
        String tagMode = one(params, "tagMode");
        String tasks = one(params, "tasks");
        String q = one(params, "q");
        return new ListFilter(preset != null && PRESETS.contains(preset) ? preset : null, longs(params, "pipeline"),
                many(params, "stage").stream().filter(s -> s.matches("\\d{1,18}-\\d{1,18}")).distinct().toList(),
                longs(params, "resp"), longs(params, "group"), dates, decimal(one(params, "priceFrom")), decimal(one(params, "priceTo")),
                longs(params, "tag"), "all".equals(tagMode) || "none".equals(tagMode) ? tagMode : "any",
                TaskCondition.of(tasks).map(TaskCondition::code).orElse(null), q == null || q.isBlank() ? null : q.trim(), fields(params, ""),
                party(params, CONTACT), party(params, COMPANY));
    }

    private static PartyChoice party(Map<String, String[]> params, String prefix) {
        String name = one(params, prefix + "name");
        PartyChoice party = new PartyChoice(name == null || name.length() > 255 ? null : name, fields(params, prefix));
        return party.isEmpty() ? PartyChoice.NONE : party;
    }

    /** The deal's custom field conditions among the parameters ({@code cf<id>}, {@code cf<id>From}/{@code To}), by field id. */
    static Map<Long, FieldChoice> fields(Map<String, String[]> params) {
        return fields(params, "");
    }

    private static Map<Long, FieldChoice> fields(Map<String, String[]> params, String prefix) {
        Map<Long, FieldChoice> fields = new java.util.TreeMap<>();
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(prefix) + "cf(\\d{1,18})(From|To)?");
        for (String name : params.keySet()) {
            java.util.regex.Matcher m = pattern.matcher(name);
            if (!m.matches()) {
                continue;
            }
            long id = Long.parseLong(m.group(1));
            String base = prefix + "cf" + id;
            List<String> values = many(params, base).stream().filter(v -> v.length() <= 255).distinct().toList();
            String from = bound(one(params, base + "From"));
            String to = bound(one(params, base + "To"));
            if (!values.isEmpty() || from != null || to != null) {
                fields.put(id, new FieldChoice(values, from, to));
            }
        }
        return fields;
    }

    /** A range end: a number or a date, else nothing. */
    private static String bound(String s) {
        if (date(s) != null) {
            return s;
        }
        BigDecimal number = decimal(s);
        return number == null ? null : number.toPlainString();
    }

    public boolean isEmpty() {
        return preset == null && pipelines.isEmpty() && stages.isEmpty() && responsible.isEmpty() && groups.isEmpty() && dates.isEmpty()
                && priceFrom == null && priceTo == null && tags.isEmpty() && tasks == null && q == null && fields.isEmpty()
                && contact.isEmpty() && company.isEmpty();
    }

    /** How many conditions are set (shown on the filter button). */
    public int count() {
        int n = (preset != null ? 1 : 0) + (pipelines.isEmpty() ? 0 : 1) + (stages.isEmpty() ? 0 : 1) + (responsible.isEmpty() ? 0 : 1)
                + (groups.isEmpty() ? 0 : 1) + dates.size() + (priceFrom != null || priceTo != null ? 1 : 0) + (tags.isEmpty() ? 0 : 1)
                + (tasks != null ? 1 : 0) + fields.size() + contact.count() + company.count();
        return n;
    }

    public boolean hasStage(long pipelineId, long statusId) {
        return stages.contains(pipelineId + "-" + statusId);
    }

    /** The same filter with another task condition (null: none). */
    ListFilter withTasks(String code) {
        return new ListFilter(preset, pipelines, stages, responsible, groups, dates, priceFrom, priceTo, tags, tagMode,
                TaskCondition.of(code).map(TaskCondition::code).orElse(null), q, fields, contact, company);
    }

    /**
     * The same filter narrowed to one stage: the deals of a board column that match it (the
     * column's "all matching deals" for a mass action). A stage the filter's own stages leave out
     * stays out: the result then matches nothing.
     */
    ListFilter inStage(long pipelineId, long statusId) {
        String stage = pipelineId + "-" + statusId;
        List<String> only = stages.isEmpty() || stages.contains(stage) ? List.of(stage) : List.of("0-0");
        return new ListFilter(preset, pipelines, only, responsible, groups, dates, priceFrom, priceTo, tags, tagMode, tasks, q, fields,
                contact, company);
    }

    /** The conditions as a query of deals, for the given user, account time zone and moment. */
    DealQuery query(long userId, List<Pipeline> all, ZoneId zone, Instant now, DealQuery.Order order, int limit, DealQuery.Cursor after) {
        List<DealQuery.StageRef> stageRefs = new ArrayList<>();
        for (String s : stages) {
            String[] parts = s.split("-");
            stageRefs.add(new DealQuery.StageRef(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        }
        List<Long> resp = new ArrayList<>(responsible);
        List<Long> pipelineIds = new ArrayList<>(pipelines);
        TaskCondition presetTasks = null;
        if (preset != null) {
            switch (preset) {
                case "my" -> resp = List.of(userId);
                case "open" -> stageRefs = intersect(stageRefs, all.stream().flatMap(p -> p.stages().stream())
                        .filter(st -> !st.isClosed()).map(st -> new DealQuery.StageRef(st.pipelineId(), st.id())).toList());
                case "won" -> stageRefs = intersect(stageRefs, closedRefs(all, Stage.WON));
                case "lost" -> stageRefs = intersect(stageRefs, closedRefs(all, Stage.LOST));
                case "notasks" -> presetTasks = TaskCondition.NONE;
                default -> presetTasks = TaskCondition.OVERDUE;
            }
            if (stageRefs.isEmpty() && List.of("open", "won", "lost").contains(preset)) {
                stageRefs = List.of(new DealQuery.StageRef(-1, -1)); // nothing can match
            }
        }

        DealQuery.Tags tagFilter = tags.isEmpty() ? DealQuery.Tags.NONE : switch (tagMode) {
            case "all" -> new DealQuery.Tags(List.of(), tags, List.of());
            case "none" -> new DealQuery.Tags(List.of(), List.of(), tags);
            default -> new DealQuery.Tags(tags, List.of(), List.of());
        };
        return new DealQuery(List.of(), List.of(), priceFrom, priceTo, stageRefs, pipelineIds, List.of(), List.of(), resp,
                range("created", zone, now), range("updated", zone, now), range("closed", zone, now), null, q, groups, tagFilter,
                false, false, order, 0, limit, after).withFieldFilters(fieldFilters(zone))
                .withParties(new DealQuery.Parties(party(contact, zone), party(company, zone))).withTasks(presetTasks, zone, now)
                .withTasks(tasks == null ? null : TaskCondition.of(tasks).orElseThrow(), zone, now);
    }

    /** The field conditions as the field module takes them; a date range becomes Unix times of whole days in the account's zone. */
    List<FieldFilter> fieldFilters(ZoneId zone) {
        return fieldFilters(fields, zone);
    }

    /** Field conditions as the field module takes them (the analytics pages read the same parameters). */
    static List<FieldFilter> fieldFilters(Map<Long, FieldChoice> fields, ZoneId zone) {
        return filters(fields, zone, false);
    }

    /** A contact's or company's conditions; a text given for a text field (a phone, an e-mail) is found where contained. */
    private static DealQuery.Party party(PartyChoice choice, ZoneId zone) {
        return choice.isEmpty() ? DealQuery.Party.NONE : new DealQuery.Party(choice.name(), filters(choice.fields(), zone, true));
    }

    private static List<FieldFilter> filters(Map<Long, FieldChoice> fields, ZoneId zone, boolean contains) {
        List<FieldFilter> result = new ArrayList<>();
        fields.forEach((id, c) -> {
            LocalDate fromDay = date(c.from());
            LocalDate toDay = date(c.to());
            String from = fromDay != null ? Long.toString(fromDay.atStartOfDay(zone).toEpochSecond()) : c.from();
            String to = toDay != null ? Long.toString(toDay.plusDays(1).atStartOfDay(zone).toEpochSecond() - 1) : c.to();
            result.add(new FieldFilter(id, from != null || to != null ? List.of() : c.values(), from, to, contains));
        });
        return result;
    }

    private static List<DealQuery.StageRef> closedRefs(List<Pipeline> all, long status) {
        return all.stream().map(p -> new DealQuery.StageRef(p.id(), status)).toList();
    }

    private static List<DealQuery.StageRef> intersect(List<DealQuery.StageRef> chosen, List<DealQuery.StageRef> preset) {
        return chosen.isEmpty() ? preset : chosen.stream().filter(preset::contains).toList();
    }

    private DealQuery.Range range(String field, ZoneId zone, Instant now) {
        DateChoice c = dates.get(field);
        if (c == null) {
            return null;
        }
        if ("custom".equals(c.period())) {
            return c.from() == null && c.to() == null ? null : Period.days(c.from(), c.to(), zone);
        }
        return Period.of(c.period()).map(p -> p.range(zone, now)).orElse(null);
    }

    /** The filter as URL parameters (without sort and paging), in a fixed order. */
    List<Map.Entry<String, String>> pairs() {
        List<Map.Entry<String, String>> b = new ArrayList<>();
        if (preset != null) {
            b.add(Map.entry("preset", preset));
        }
        pipelines.forEach(p -> b.add(Map.entry("pipeline", p.toString())));
        stages.forEach(s -> b.add(Map.entry("stage", s)));
        responsible.forEach(r -> b.add(Map.entry("resp", r.toString())));
        groups.forEach(g -> b.add(Map.entry("group", g.toString())));
        dates.forEach((field, c) -> {
            b.add(Map.entry(field, c.period()));
            if ("custom".equals(c.period())) {
                Optional.ofNullable(c.from()).ifPresent(d -> b.add(Map.entry(field + "From", d.toString())));
                Optional.ofNullable(c.to()).ifPresent(d -> b.add(Map.entry(field + "To", d.toString())));
            }
        });
        Optional.ofNullable(priceFrom).ifPresent(v -> b.add(Map.entry("priceFrom", v.toPlainString())));
        Optional.ofNullable(priceTo).ifPresent(v -> b.add(Map.entry("priceTo", v.toPlainString())));
        if (!tags.isEmpty()) {
            tags.forEach(t -> b.add(Map.entry("tag", t.toString())));
            b.add(Map.entry("tagMode", tagMode));
        }
        Optional.ofNullable(tasks).ifPresent(t -> b.add(Map.entry("tasks", t)));
        pairs(b, "", fields);
        for (var party : List.of(Map.entry(CONTACT, contact), Map.entry(COMPANY, company))) {
            Optional.ofNullable(party.getValue().name()).ifPresent(n -> b.add(Map.entry(party.getKey() + "name", n)));
            pairs(b, party.getKey(), party.getValue().fields());
        }
        Optional.ofNullable(q).ifPresent(t -> b.add(Map.entry("q", t)));
        return b;
    }

    /** The deal's field conditions as URL parameters, by field id. */
    static List<Map.Entry<String, String>> fieldPairs(Map<Long, FieldChoice> fields) {
        List<Map.Entry<String, String>> b = new ArrayList<>();
        pairs(b, "", fields);
        return b;
    }

    private static void pairs(List<Map.Entry<String, String>> b, String prefix, Map<Long, FieldChoice> fields) {
        fields.forEach((id, c) -> {
            c.values().forEach(v -> b.add(Map.entry(prefix + "cf" + id, v)));
            Optional.ofNullable(c.from()).ifPresent(v -> b.add(Map.entry(prefix + "cf" + id + "From", v)));
            Optional.ofNullable(c.to()).ifPresent(v -> b.add(Map.entry(prefix + "cf" + id + "To", v)));
        });
    }

    /** The filter's query string ("" when empty), URL-encoded. */
    String queryString() {
        return String.join("&", pairs().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).toList());
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Parameters from a query string ("a=1&b=2", as {@link #queryString()} writes it). */
    static Map<String, String[]> parameters(String query) {
        Map<String, List<String>> collected = new LinkedHashMap<>();
        for (String part : (query == null ? "" : query).split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = decode(eq < 0 ? part : part.substring(0, eq));
            collected.computeIfAbsent(key, k -> new ArrayList<>()).add(eq < 0 ? "" : decode(part.substring(eq + 1)));
        }
        Map<String, String[]> result = new LinkedHashMap<>();
        collected.forEach((k, v) -> result.put(k, v.toArray(String[]::new)));
        return result;
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String one(Map<String, String[]> params, String name) {
        String[] v = params.get(name);
        return v == null || v.length == 0 || v[0].isBlank() ? null : v[0].trim();
    }

    private static List<String> many(Map<String, String[]> params, String name) {
        String[] v = params.get(name);
        return v == null ? List.of() : java.util.Arrays.stream(v).filter(s -> s != null && !s.isBlank()).map(String::trim).toList();
    }

    private static List<Long> longs(Map<String, String[]> params, String name) {
        return many(params, name).stream().filter(s -> s.matches("\\d{1,18}")).map(Long::parseLong).distinct().toList();
    }

    private static LocalDate date(String s) {
        try {
            return s == null ? null : LocalDate.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static BigDecimal decimal(String s) {
        try {
            return s == null ? null : new BigDecimal(s.replace(" ", "").replace(',', '.'));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
