package org.voronka.massaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.contact.ContactDirectory;
import org.voronka.customfield.CustomField;
import org.voronka.customfield.FieldTypes;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.Deal;
import org.voronka.deal.DealContact;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.deal.DealSelection;
import org.voronka.massaction.internal.MassActionRepository;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.Table;
import org.voronka.shared.ValidationException;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;

/**
 * Exports the selected deals (the given ids, or all matching a filter) as a table with the chosen
 * columns. The matching ids are read first in one pass (8 bytes a deal), then the deals in pages
 * of {@link #PAGE} as the file is written, with one query per page for each kind of related data
 * (tags, contacts, companies, field values), so an export holds one page of rows in memory.
 */
@Service
public class DealExport {

    public static final int PAGE = 500;
    /** The prefix of a custom field column: {@code cf_<field id>}. */
    public static final String FIELD_PREFIX = "cf_";
    /** The standard columns, in their default order. */
    public static final List<String> STANDARD = List.of("id", "name", "pipeline", "status", "price", "responsible_user", "tags",
            "created_at", "closed_at", "main_contact", "company");

    /** A column to export: its code and, for a custom field column, the field. */
    public record Column(String code, CustomField field) {}

    private final DealManagement deals;
    private final PipelineManagement pipelines;
    private final AccountManagement accounts;
    private final TagManagement tags;
    private final ContactDirectory contacts;
    private final FieldValues fields;
    private final MassActionRepository runs;

    DealExport(DealManagement deals, PipelineManagement pipelines, AccountManagement accounts, TagManagement tags,
               ContactDirectory contacts, FieldValues fields, MassActionRepository runs) {
        this.runs = runs;
        this.deals = deals;
        this.pipelines = pipelines;
        this.accounts = accounts;
        this.tags = tags;
        this.contacts = contacts;
        this.fields = fields;
    }

    /** The deal custom fields that can be columns, in display order. */
    public List<CustomField> fieldColumns(long accountId) {
        return fields.fields(accountId, DealManagement.ENTITY);
    }

    /**
     * Checks the target and the column codes (null or empty: the standard columns); an unknown
     * column is refused with its position under {@code path}. Changes nothing.
     */
    public List<Column> columns(Actor actor, Target target, List<String> codes, String path) {
        if ((target.ids() == null) == (target.query() == null)) {
            throw ValidationException.of("0", "filter", "NotBlank", "Give either ids or a filter");
        }
        if (target.ids() != null && (target.ids().isEmpty() || target.ids().size() > MassActions.MAX_IDS)) {
            throw ValidationException.of("0", "ids", "OutOfRange", "Give 1 to " + MassActions.MAX_IDS + " deal ids");
        }
        List<String> wanted = codes == null || codes.isEmpty() ? STANDARD : codes;
        Map<Long, CustomField> byId = new LinkedHashMap<>();
        fieldColumns(actor.accountId()).forEach(f -> byId.put(f.id(), f));
        List<Column> columns = new ArrayList<>();
        List<ValidationException.Problem> problems = new ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            String code = wanted.get(i) == null ? "" : wanted.get(i).trim().toLowerCase(Locale.ROOT);
            if (STANDARD.contains(code)) {
                columns.add(new Column(code, null));
            } else if (code.startsWith(FIELD_PREFIX) && code.substring(FIELD_PREFIX.length()).matches("\\d{1,18}")
                    && byId.containsKey(Long.parseLong(code.substring(FIELD_PREFIX.length())))) {
                columns.add(new Column(code, byId.get(Long.parseLong(code.substring(FIELD_PREFIX.length())))));
            } else {
                problems.add(new ValidationException.Problem("0", path + "." + i, "NotSupportedChoice",
                        "A column is one of " + String.join(", ", STANDARD) + " or cf_<field id> of a deal field"));
            }
        }
        if (columns.stream().map(Column::code).distinct().count() != columns.size() && problems.isEmpty()) {
            problems.add(new ValidationException.Problem("0", path, "Duplicate", "Each column once"));
        }
        if (wanted.size() > STANDARD.size() + byId.size() && problems.isEmpty()) {
            problems.add(new ValidationException.Problem("0", path, "TooManyItems", "Too many columns"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return columns;
    }

    /**
     * The table of the deals, read page by page while it is written. {@code header} names a column
     * (custom field columns are named by their field).
     */
    public Table table(Actor actor, Target target, List<Column> columns, String title, Function<String, String> header) {
        long accountId = actor.accountId();
        List<String> headers = columns.stream().map(c -> c.field() != null ? c.field().name() : header.apply(c.code())).toList();
        Lookups lookups = new Lookups(accountId);
        Iterable<List<Object>> rows = () -> new Iterator<>() {
            // the matching ids first, in one pass (a search or a tag filter is evaluated once, not once per page);
            // then the deals page by page
            private final long[] ids = ids(accountId, target);
            private Iterator<List<Object>> page = List.<List<Object>>of().iterator();
            private int next;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && next < ids.length) {
                    List<Long> slice = new ArrayList<>(PAGE);
                    for (int i = next; i < Math.min(ids.length, next + PAGE); i++) {
                        slice.add(ids[i]);
                    }
                    next += slice.size();
                    page = rowsOf(accountId, deals.list(accountId, DealQuery.ofIds(slice)), columns, lookups).iterator();
                }
                return page.hasNext();
            }

            @Override
            public List<Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.next();
            }
        };
        return new Table(title, headers, rows);
    }

    /** The live deals of the target, ascending (a deal of another account or deleted is left out when its page is read). */
    private long[] ids(long accountId, Target target) {
        if (target.ids() != null) {
            return target.ids().stream().mapToLong(Long::longValue).distinct().sorted().toArray();
        }
        DealSelection selection = deals.selection(accountId, target.query());
        return runs.ids(selection.sql(), selection.params());
    }

    /** What every page needs and is read once per export: pipelines and users by id. */
    private final class Lookups {

        final Map<Long, Pipeline> pipelines = new LinkedHashMap<>();
        final Map<Long, String> users = new LinkedHashMap<>();

        Lookups(long accountId) {
            DealExport.this.pipelines.pipelines(accountId).forEach(p -> this.pipelines.put(p.id(), p));
            for (User u : accounts.users(accountId, 0, Integer.MAX_VALUE)) {
                users.put(u.id(), u.name());
            }
        }
    }

    private List<List<Object>> rowsOf(long accountId, List<Deal> page, List<Column> columns, Lookups lookups) {
        if (page.isEmpty()) {
            return List.of();
        }
        List<Long> ids = page.stream().map(Deal::id).toList();
        boolean wantsTags = columns.stream().anyMatch(c -> c.code().equals("tags"));
        boolean wantsContact = columns.stream().anyMatch(c -> c.code().equals("main_contact"));
        boolean wantsCompany = columns.stream().anyMatch(c -> c.code().equals("company"));
        boolean wantsFields = columns.stream().anyMatch(c -> c.field() != null);
        Map<Long, List<Tag>> tagsOf = wantsTags ? tags.tagsOf(accountId, DealManagement.ENTITY, ids) : Map.of();
        Map<Long, Long> mainContact = new LinkedHashMap<>();
        if (wantsContact) {
            deals.contactsOf(accountId, ids).forEach((deal, links) -> links.stream().filter(DealContact::main).findFirst()
                    .or(() -> links.stream().findFirst()).ifPresent(c -> mainContact.put(deal, c.contactId())));
        }
        Map<Long, String> contactNames = mainContact.isEmpty() ? Map.of()
                : contacts.contactNames(accountId, mainContact.values().stream().distinct().toList());
        Map<Long, String> companyNames = wantsCompany ? contacts.companyNames(accountId,
                page.stream().map(Deal::companyId).filter(Objects::nonNull).distinct().toList()) : Map.of();
        Map<Long, List<FieldValue>> values = wantsFields ? fields.read(accountId, DealManagement.ENTITY, ids) : Map.of();
        List<List<Object>> rows = new ArrayList<>(page.size());
        for (Deal d : page) {
            List<Object> row = new ArrayList<>(columns.size());
            Pipeline p = lookups.pipelines.get(d.pipelineId());
            for (Column c : columns) {
                row.add(switch (c.code()) {
                    case "id" -> d.id();
                    case "name" -> d.name();
                    case "pipeline" -> p == null ? null : p.name();
                    case "status" -> p == null ? null : p.stage(d.statusId()).map(s -> s.name()).orElse(null);
                    case "price" -> plain(d.price());
                    case "responsible_user" -> lookups.users.get(d.responsibleUserId());
                    case "tags" -> String.join(", ", tagsOf.getOrDefault(d.id(), List.of()).stream().map(Tag::name).toList());
                    case "created_at" -> d.createdAt();
                    case "closed_at" -> d.closedAt();
                    case "main_contact" -> mainContact.containsKey(d.id()) ? contactNames.get(mainContact.get(d.id())) : null;
                    case "company" -> d.companyId() == null ? null : companyNames.get(d.companyId());
                    default -> fieldCell(c.field(), values.getOrDefault(d.id(), List.of()), lookups);
                });
            }
            rows.add(row);
        }
        return rows;
    }

    private static java.math.BigDecimal plain(java.math.BigDecimal n) {
        if (n == null) {
            return null;
        }
        java.math.BigDecimal stripped = n.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** A field's value as a cell: dates as times, a single number as a number, users by name, several values joined. */
    private static Object fieldCell(CustomField field, List<FieldValue> values, Lookups lookups) {
        FieldValue v = values.stream().filter(x -> x.fieldId() == field.id()).findFirst().orElse(null);
        if (v == null || v.values().isEmpty()) {
            return null;
        }
        if (v.values().size() == 1) {
            Object single = v.values().get(0).value();
            if (FieldTypes.isDate(field.type()) && single instanceof Long seconds) {
                return Instant.ofEpochSecond(seconds);
            }
            if ("user".equals(field.type()) && single instanceof Long user) {
                return lookups.users.getOrDefault(user, "#" + user);
            }
            if (FieldTypes.isNumeric(field.type()) && single instanceof String text) {
                try {
                    return plain(new java.math.BigDecimal(text));
                } catch (NumberFormatException e) {
                    return text;
                }
            }
        }
        return String.join(", ", v.values().stream().map(x -> String.valueOf(x.value())).toList());
    }
}
