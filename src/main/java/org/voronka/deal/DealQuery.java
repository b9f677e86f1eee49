package org.voronka.deal;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.voronka.customfield.FieldFilter;

/**
 * A list request: filters (all optional, combined with AND), an order and a page. Paging is by
 * offset, or by keyset when {@code after} (the last row's sort key) is given. {@code query} is a
 * full-text search across deal names and ids, the names, phones and e-mails of the deal's contacts
 * and company, and the texts of its notes; {@code groupIds} are departments of the responsible
 * user; {@code withoutOpenTasks} keeps deals that have no open task; {@code fieldFilters} narrow by
 * custom field values; {@code parties} narrow by the deal's contacts and company (their names and
 * field values).
 */
public record DealQuery(
        List<Long> ids,
        List<String> names,
        BigDecimal priceFrom,
        BigDecimal priceTo,
        List<StageRef> stages,
        List<Long> pipelineIds,
        List<Long> createdBy,
        List<Long> updatedBy,
        List<Long> responsibleUserIds,
        Range createdAt,
        Range updatedAt,
        Range closedAt,
        Range closestTaskAt,
        String query,
        List<Long> groupIds,
        Tags tags,
        boolean withoutOpenTasks,
        boolean onlyDeleted,
        Order order,
        int offset,
        int limit,
        Cursor after,
        List<FieldFilter> fieldFilters,
        Parties parties) {

    public DealQuery {
        parties = parties == null ? Parties.NONE : parties;
    }

    public DealQuery(List<Long> ids, List<String> names, BigDecimal priceFrom, BigDecimal priceTo, List<StageRef> stages,
                     List<Long> pipelineIds, List<Long> createdBy, List<Long> updatedBy, List<Long> responsibleUserIds,
                     Range createdAt, Range updatedAt, Range closedAt, Range closestTaskAt, String query, List<Long> groupIds, Tags tags,
                     boolean withoutOpenTasks, boolean onlyDeleted, Order order, int offset, int limit, Cursor after) {
        this(ids, names, priceFrom, priceTo, stages, pipelineIds, createdBy, updatedBy, responsibleUserIds, createdAt, updatedAt,
                closedAt, closestTaskAt, query, groupIds, tags, withoutOpenTasks, onlyDeleted, order, offset, limit, after, List.of(),
                Parties.NONE);
    }

    /** The same query, narrowed by custom field values ({@code filter[custom_fields_values]}). */
    public DealQuery withFieldFilters(List<FieldFilter> filters) {
        return new DealQuery(ids, names, priceFrom, priceTo, stages, pipelineIds, createdBy, updatedBy, responsibleUserIds, createdAt,
                updatedAt, closedAt, closestTaskAt, query, groupIds, tags, withoutOpenTasks, onlyDeleted, order, offset, limit, after,
                filters, parties);
    }

    /** The same query, narrowed by the deal's contacts and company. */
    public DealQuery withParties(Parties only) {
        return new DealQuery(ids, names, priceFrom, priceTo, stages, pipelineIds, createdBy, updatedBy, responsibleUserIds, createdAt,
                updatedAt, closedAt, closestTaskAt, query, groupIds, tags, withoutOpenTasks, onlyDeleted, order, offset, limit, after,
                fieldFilters, only);
    }

    /**
     * Conditions on a deal's contacts and company: a deal matches when one of its contacts (not in
     * the trash) meets every contact condition, and its company (not in the trash) every company
     * condition. Each side is a name (contained, any case) and custom field filters of that entity
     * type; a side without conditions keeps every deal.
     */
    public record Parties(Party contact, Party company) {

        public static final Parties NONE = new Parties(Party.NONE, Party.NONE);

        public Parties {
            contact = contact == null ? Party.NONE : contact;
            company = company == null ? Party.NONE : company;
        }

        public boolean isEmpty() {
            return contact.isEmpty() && company.isEmpty();
        }
    }

    /** The conditions on one contact or company: its name contains {@code name} (null: any), and its field values. */
    public record Party(String name, List<FieldFilter> fields) {

        public static final Party NONE = new Party(null, List.of());

        public Party {
            name = name == null || name.isBlank() ? null : name.trim();
            fields = fields == null ? List.of() : List.copyOf(fields);
        }

        public boolean isEmpty() {
            return name == null && fields.isEmpty();
        }
    }

    /**
     * The same query narrowed by a task condition (null: none), resolved to {@code closest_task_at}
     * in the account's time zone: the one way the list, the API's {@code filter[tasks]} and the
     * board's task filter narrow deals by their tasks.
     */
    public DealQuery withTasks(TaskCondition condition, java.time.ZoneId zone, Instant now) {
        if (condition == null) {
            return this;
        }
        return new DealQuery(ids, names, priceFrom, priceTo, stages, pipelineIds, createdBy, updatedBy, responsibleUserIds, createdAt,
                updatedAt, closedAt, Range.both(closestTaskAt, condition.range(zone, now)), query, groupIds, tags,
                withoutOpenTasks || condition == TaskCondition.NONE, onlyDeleted, order, offset, limit, after, fieldFilters, parties);
    }

    /**
     * True when the query keeps every live deal of the given pipeline: it has no condition but,
     * at most, that pipeline. The board's stage counters answer such a query's totals.
     */
    public boolean keepsWholePipeline(long pipelineId) {
        return none(ids) && none(names) && priceFrom == null && priceTo == null && none(stages)
                && (none(pipelineIds) || pipelineIds.contains(pipelineId)) && none(createdBy) && none(updatedBy)
                && none(responsibleUserIds) && createdAt == null && updatedAt == null && closedAt == null && closestTaskAt == null
                && (query == null || query.isBlank()) && none(groupIds) && (tags == null || tags.isEmpty()) && !withoutOpenTasks
                && !onlyDeleted && none(fieldFilters) && parties.isEmpty();
    }

    private static boolean none(List<?> values) {
        return values == null || values.isEmpty();
    }

    /** Every live deal of a pipeline (as the board's column totals count them). */
    public static DealQuery ofPipeline(long pipelineId) {
        DealQuery all = all(1);
        return new DealQuery(List.of(), List.of(), null, null, List.of(), List.of(pipelineId), List.of(), List.of(), List.of(), null,
                null, null, null, null, List.of(), Tags.NONE, false, false, all.order(), 0, 1, null);
    }

    /** Every live deal standing in a stage. */
    public static DealQuery ofStage(long pipelineId, long statusId) {
        DealQuery all = all(1);
        return new DealQuery(List.of(), List.of(), null, null, List.of(new StageRef(pipelineId, statusId)), List.of(), List.of(), List.of(),
                List.of(), null, null, null, null, null, List.of(), Tags.NONE, false, false, all.order(), 0, 1, null);
    }

    public record StageRef(long pipelineId, long statusId) {}

    public record Range(Instant from, Instant to) {

        /** The range within both (either may be null: no condition). */
        public static Range both(Range a, Range b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            Instant from = a.from() == null ? b.from() : b.from() == null || a.from().isAfter(b.from()) ? a.from() : b.from();
            Instant to = a.to() == null ? b.to() : b.to() == null || a.to().isBefore(b.to()) ? a.to() : b.to();
            return new Range(from, to);
        }
    }

    /** Tag conditions: deals with any of, with all of, and with none of the given tag ids. */
    public record Tags(List<Long> any, List<Long> all, List<Long> none) {

        public static final Tags NONE = new Tags(List.of(), List.of(), List.of());

        public boolean isEmpty() {
            return any.isEmpty() && all.isEmpty() && none.isEmpty();
        }
    }

    /** Sort keys; NAME, PRICE, CLOSED_AT, PIPELINE, STATUS and RESPONSIBLE serve the web list view. */
    public enum Field { ID, CREATED_AT, UPDATED_AT, CLOSED_AT, NAME, PRICE, PIPELINE, STATUS, RESPONSIBLE }

    public record Order(Field field, boolean descending) {}

    /**
     * The position after which the next page starts: the sort value (epoch millis or an id) and the
     * id; {@code text} holds the value of a text or decimal sort key (name, price), or the exact
     * instant (ISO-8601) of a time sort key.
     */
    public record Cursor(long value, long id, String text) {

        public Cursor(long value, long id) {
            this(value, id, null);
        }
    }

    public static DealQuery all(int limit) {
        return new DealQuery(List.of(), List.of(), null, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                null, null, null, null, null, List.of(), Tags.NONE, false, false, new Order(Field.ID, false), 0, limit, null);
    }

    /** Live deals found by the full-text search (names, contacts, companies, phones, e-mails, notes), newest first. */
    public static DealQuery search(String text, int limit) {
        return new DealQuery(List.of(), List.of(), null, null, List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null,
                null, text, List.of(), Tags.NONE, false, false, new Order(Field.ID, true), 0, limit, null);
    }

    /** The live deals among the given ids, in id order. */
    public static DealQuery ofIds(List<Long> ids) {
        DealQuery all = all(ids.size());
        return new DealQuery(ids, List.of(), null, null, List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null,
                null, null, List.of(), Tags.NONE, false, false, all.order(), 0, ids.size(), null);
    }

    /** The same query narrowed to the given ids (no condition when empty). */
    public DealQuery withIds(List<Long> only) {
        return new DealQuery(only, names, priceFrom, priceTo, stages, pipelineIds, createdBy, updatedBy, responsibleUserIds, createdAt,
                updatedAt, closedAt, closestTaskAt, query, groupIds, tags, withoutOpenTasks, onlyDeleted, order, offset, limit, after,
                fieldFilters, parties);
    }

    /** The same query with another stage condition (any of the given stages; none: no condition). */
    public DealQuery withStages(List<StageRef> only) {
        return new DealQuery(ids, names, priceFrom, priceTo, only, pipelineIds, createdBy, updatedBy, responsibleUserIds, createdAt,
                updatedAt, closedAt, closestTaskAt, query, groupIds, tags, withoutOpenTasks, onlyDeleted, order, offset, limit, after,
                fieldFilters, parties);
    }

    /** The same conditions with another order and page. */
    public DealQuery page(Order order, int offset, int limit, Cursor after) {
        return new DealQuery(ids, names, priceFrom, priceTo, stages, pipelineIds, createdBy, updatedBy, responsibleUserIds, createdAt,
                updatedAt, closedAt, closestTaskAt, query, groupIds, tags, withoutOpenTasks, onlyDeleted, order, offset, limit, after,
                fieldFilters, parties);
    }
}
