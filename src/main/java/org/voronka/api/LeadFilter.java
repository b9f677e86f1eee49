package org.voronka.api;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.voronka.customfield.FieldFilter;
import org.voronka.deal.Deal;
import org.voronka.deal.DealQuery;
import org.voronka.deal.DealQuery.Field;
import org.voronka.deal.Period;
import org.voronka.deal.TaskCondition;
import org.voronka.shared.ValidationException;

/** {@code filter[...]}, {@code query}, {@code order[...]} and the paging cursor of GET /api/v4/leads. */
final class LeadFilter {

    private LeadFilter() {}

    static DealQuery parse(Params params, boolean onlyDeleted, int page, int limit, ZoneId zone, Instant now) {
        Params f = params.get("filter");
        List<DealQuery.StageRef> stages = new ArrayList<>();
        Params statuses = f.get("statuses");
        for (var e : statuses.children.entrySet()) {
            Params item = e.getValue();
            Long pipeline = item.get("pipeline_id").longValue();
            Long status = item.get("status_id").longValue();
            if (pipeline == null || status == null) {
                throw ValidationException.of("0", "filter[statuses][" + e.getKey() + "]", "NotBlank",
                        "Each status filter needs both pipeline_id and status_id");
            }
            stages.add(new DealQuery.StageRef(pipeline, status));
        }
        String query = params.get("query").first();
        if (query != null && query.length() > 255) {
            throw ValidationException.of("0", "query", "TooLong", "query is at most 255 characters");
        }
        DealQuery.Order order = order(params.get("order"));
        DealQuery.Cursor cursor = cursor(params.get("cursor").first(), order);
        DealQuery.Range closestTask = range(f.get("closest_task_at"), zone, now);
        String tasks = f.get("tasks").first();
        TaskCondition condition = tasks == null ? null : TaskCondition.of(tasks).orElseThrow(() -> ValidationException.of("0",
                "filter[tasks]", "NotSupportedChoice", "filter[tasks] is none, overdue or today"));
        Params t = f.get("tags");
        DealQuery.Tags tags = new DealQuery.Tags(t.get("any").longs(), t.get("all").longs(), t.get("none").longs());
        return new DealQuery(f.get("id").longs(), f.get("name").all(), f.get("price").get("from").decimal(),
                f.get("price").get("to").decimal(), stages, f.get("pipeline_id").longs(), f.get("created_by").longs(),
                f.get("updated_by").longs(), f.get("responsible_user_id").longs(), range(f.get("created_at"), zone, now),
                range(f.get("updated_at"), zone, now), range(f.get("closed_at"), zone, now), closestTask, query,
                f.get("group_id").longs(), tags, false, onlyDeleted, order, (page - 1) * limit, limit, cursor)
                .withFieldFilters(fieldFilters(f.get("custom_fields_values"))).withTasks(condition, zone, now);
    }

    /**
     * {@code filter[custom_fields_values][{field_id}][]=v} (also {@code [{field_id}]=v} and
     * {@code [{field_id}][0]=v}) and {@code [{field_id}][from]}/{@code [to]}.
     */
    static List<FieldFilter> fieldFilters(Params values) {
        List<FieldFilter> filters = new ArrayList<>();
        for (var e : values.children.entrySet()) {
            if (!e.getKey().matches("\\d{1,18}")) {
                throw ValidationException.of("0", "filter[custom_fields_values][" + e.getKey() + "]", "InvalidType",
                        "Fields are named by their id");
            }
            Params item = e.getValue();
            filters.add(new FieldFilter(Long.parseLong(e.getKey()), item.all(), item.get("from").first(), item.get("to").first()));
        }
        if (filters.size() > 20) {
            throw ValidationException.of("0", "filter[custom_fields_values]", "TooManyItems", "At most 20 fields in one filter");
        }
        return filters;
    }

    /** {@code [from]}/{@code [to]} in Unix seconds, or {@code [preset]} = today, yesterday, this_week, this_month, this_quarter. */
    private static DealQuery.Range range(Params p, ZoneId zone, Instant now) {
        String preset = p.get("preset").first();
        if (preset != null) {
            return Period.of(preset).orElseThrow(() -> ValidationException.of("0", p.name() + "[preset]", "NotSupportedChoice",
                    "The preset is today, yesterday, this_week, this_month or this_quarter")).range(zone, now);
        }
        Instant[] r = p.range();
        return r == null ? null : new DealQuery.Range(r[0], r[1]);
    }

    static DealQuery.Order order(Params order) {
        for (var e : order.children.entrySet()) {
            Field field = switch (e.getKey()) {
                case "id" -> Field.ID;
                case "created_at" -> Field.CREATED_AT;
                case "updated_at" -> Field.UPDATED_AT;
                default -> throw ValidationException.of("0", "order[" + e.getKey() + "]", "NotSupportedChoice",
                        "Order by id, created_at or updated_at");
            };
            String dir = e.getValue().first();
            if (dir != null && !dir.equalsIgnoreCase("asc") && !dir.equalsIgnoreCase("desc")) {
                throw ValidationException.of("0", "order[" + e.getKey() + "]", "NotSupportedChoice", "Order is asc or desc");
            }
            return new DealQuery.Order(field, "desc".equalsIgnoreCase(dir));
        }
        return new DealQuery.Order(Field.ID, false);
    }

    /**
     * The cursor of the next page: "id" for id order, "micros_id" for time orders (microseconds,
     * as precise as the database keeps time, so no row is repeated or skipped).
     */
    static String cursorAfter(Deal last, DealQuery.Order order) {
        return switch (order.field()) {
            case ID -> Long.toString(last.id());
            case CREATED_AT -> micros(last.createdAt()) + "_" + last.id();
            case UPDATED_AT -> micros(last.updatedAt()) + "_" + last.id();
            default -> throw new IllegalArgumentException("the API does not order by " + order.field());
        };
    }

    private static DealQuery.Cursor cursor(String value, DealQuery.Order order) {
        if (value == null) {
            return null;
        }
        try {
            if (order.field() == Field.ID) {
                long id = Long.parseLong(value);
                return new DealQuery.Cursor(id, id);
            }
            int sep = value.indexOf('_');
            long micros = Long.parseLong(value.substring(0, sep));
            Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
            return new DealQuery.Cursor(micros, Long.parseLong(value.substring(sep + 1)), at.toString());
        } catch (RuntimeException e) {
            throw ValidationException.of("0", "cursor", "InvalidValue", "The cursor is not one this server gave out");
        }
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000L + at.getNano() / 1000;
    }
}
