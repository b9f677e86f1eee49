package org.voronka.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.contact.Company;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactDirectory;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.customfield.FieldWrite;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.shared.ValidationException;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;
import org.voronka.tag.TagRef;

/**
 * What the contact and company pages share: list rows with phones, e-mails, company and
 * responsible resolved in a fixed number of queries; the phone and e-mail editors; linked deals.
 */
@Component
class Parties {

    static final int PAGE = 50;
    /** Deals shown on a contact or company card, newest first. */
    static final int MAX_DEALS = 100;
    static final String PHONE = "PHONE";
    static final String EMAIL = "EMAIL";

    /** One row of a contacts or companies list. */
    record Row(long id, String name, List<String> phones, List<String> emails, Long companyId, String company, String responsible,
               Instant createdAt) {}

    /** One value of a phone or e-mail editor: its type (WORK, MOB, …) and text. */
    record Multi(String type, String value) {}

    private final FieldValues fields;
    private final ContactDirectory directory;
    private final AccountManagement accounts;
    private final DealManagement deals;
    private final TagManagement tags;
    private final Cards cards;

    Parties(FieldValues fields, ContactDirectory directory, AccountManagement accounts, DealManagement deals, TagManagement tags,
            Cards cards) {
        this.fields = fields;
        this.directory = directory;
        this.accounts = accounts;
        this.deals = deals;
        this.tags = tags;
        this.cards = cards;
    }

    List<Row> contactRows(long accountId, List<Contact> contacts) {
        Map<Long, List<FieldValue>> values = fields.read(accountId, FieldValues.CONTACTS, contacts.stream().map(Contact::id).toList());
        Map<Long, String> companies = directory.companyNames(accountId,
                contacts.stream().map(Contact::companyId).filter(Objects::nonNull).distinct().toList());
        Map<Long, String> users = cards.userNames(accountId);
        return contacts.stream().map(c -> new Row(c.id(), c.name(), texts(values.get(c.id()), PHONE), texts(values.get(c.id()), EMAIL),
                c.companyId(), c.companyId() == null ? null : companies.get(c.companyId()),
                users.getOrDefault(c.responsibleUserId(), ""), c.createdAt())).toList();
    }

    List<Row> companyRows(long accountId, List<Company> list) {
        Map<Long, List<FieldValue>> values = fields.read(accountId, FieldValues.COMPANIES, list.stream().map(Company::id).toList());
        Map<Long, String> users = cards.userNames(accountId);
        return list.stream().map(c -> new Row(c.id(), c.name(), texts(values.get(c.id()), PHONE), texts(values.get(c.id()), EMAIL),
                null, null, users.getOrDefault(c.responsibleUserId(), ""), c.createdAt())).toList();
    }

    /** The phones or e-mails of one entity with their types, in their order. */
    List<Multi> values(long accountId, String entityType, long id, String code) {
        List<FieldValue> list = fields.read(accountId, entityType, List.of(id)).getOrDefault(id, List.of());
        return list.stream().filter(f -> code.equalsIgnoreCase(f.fieldCode())).flatMap(f -> f.values().stream())
                .map(v -> new Multi(v.enumCode() == null ? "" : v.enumCode(), String.valueOf(v.value()))).toList();
    }

    static List<String> types(String code) {
        return PHONE.equals(code) ? FieldValues.PHONE_CODES : FieldValues.EMAIL_CODES;
    }

    /** The editor's rows as a write of the whole field: blank rows are left out, none at all clears it. */
    static FieldWrite write(String code, List<String> types, List<String> texts) {
        List<FieldWrite.ValueWrite> values = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i) == null ? "" : texts.get(i).trim();
            if (!text.isEmpty()) {
                String type = i < types.size() && types(code).contains(types.get(i)) ? types.get(i) : types(code).get(0);
                values.add(new FieldWrite.ValueWrite(text, null, type));
            }
        }
        return new FieldWrite(null, code, values, code.toLowerCase(java.util.Locale.ROOT));
    }

    private static final java.util.regex.Pattern EMAIL_TEXT = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** Whether every non-blank text is shaped like an e-mail address (the UI asks this much of people). */
    static boolean emailsLookRight(List<String> texts) {
        return texts.stream().filter(t -> t != null && !t.isBlank()).allMatch(t -> EMAIL_TEXT.matcher(t.trim()).matches());
    }

    /** The rows as typed, to show again beside an error. */
    static List<Multi> typed(List<String> types, List<String> texts) {
        List<Multi> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(new Multi(i < types.size() ? types.get(i) : "", texts.get(i)));
        }
        return rows;
    }

    /** The message key for a refused phone or e-mail value. */
    static String multiError(String code, ValidationException e) {
        boolean tooLong = e.problems().stream().anyMatch(p -> "TooLong".equals(p.code()));
        if (tooLong) {
            return "party.error.valueLong";
        }
        return PHONE.equals(code) ? "party.error.phone" : "party.error.email";
    }

    /** Linked deals as cards (open and closed), newest first, at most {@link #MAX_DEALS}. */
    List<CardView> deals(long accountId, List<Long> dealIds) {
        if (dealIds.isEmpty()) {
            return List.of();
        }
        List<Long> newest = dealIds.stream().distinct().sorted(Comparator.reverseOrder()).limit(MAX_DEALS).toList();
        DealQuery q = DealQuery.ofIds(newest).page(new DealQuery.Order(DealQuery.Field.ID, true), 0, MAX_DEALS, null);
        List<Deal> found = deals.list(accountId, q);
        return cards.of(accountId, found.size() > MAX_DEALS ? found.subList(0, MAX_DEALS) : found);
    }

    /** Active users to choose a responsible from, and the current one even when deactivated. */
    List<User> responsibles(long accountId, long current) {
        return accounts.users(accountId, 0, UsersController.MAX_USERS).stream().filter(u -> u.active() || u.id() == current).toList();
    }

    List<Tag> tagsOf(long accountId, String entityType, long id) {
        return tags.tagsOf(accountId, entityType, List.of(id)).getOrDefault(id, List.of());
    }

    /**
     * The create form of Контакты and Компании: checks the typed name and e-mail, creates the party
     * with its first phone and e-mail through {@code create} (given the name, null when empty, and
     * the field writes), and returns it; on a refusal answers the form again (422) with each error
     * beside its field and returns null.
     */
    static <T> T createFromForm(String name, String phone, String email,
                                java.util.function.BiFunction<String, List<FieldWrite>, T> create, String formId,
                                org.springframework.ui.Model model, jakarta.servlet.http.HttpServletResponse response) {
        Map<String, String> errors = new java.util.HashMap<>();
        String n = name.trim();
        if (n.length() > 255) {
            errors.put("name", "error.name.long");
        }
        if (!emailsLookRight(List.of(email))) {
            errors.put("email", "party.error.email");
        }
        List<FieldWrite> fields = new ArrayList<>();
        if (!phone.isBlank()) {
            fields.add(write(PHONE, List.of(), List.of(phone)));
        }
        if (!email.isBlank()) {
            fields.add(write(EMAIL, List.of(), List.of(email)));
        }
        if (errors.isEmpty()) {
            try {
                return create.apply(n.isEmpty() ? null : n, fields);
            } catch (ValidationException e) {
                String path = e.problems().isEmpty() ? "" : e.problems().get(0).path();
                boolean mail = path.startsWith("email");
                errors.put(mail ? "email" : "phone", multiError(mail ? EMAIL : PHONE, e));
            }
        }
        response.setStatus(422);
        model.addAttribute("errors", errors);
        model.addAttribute("typed", Map.of("name", name, "phone", phone, "email", email));
        response.setHeader("HX-Retarget", formId);
        response.setHeader("HX-Reswap", "outerHTML");
        return null;
    }

    static List<TagRef> tags(String text) {
        List<TagRef> refs = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.trim();
            if (name.length() > 255) {
                return null;
            }
            if (!name.isEmpty() && refs.stream().noneMatch(r -> r.name().equalsIgnoreCase(name))) {
                refs.add(new TagRef(null, name, "tags." + refs.size()));
            }
        }
        return refs;
    }


    private static List<String> texts(List<FieldValue> values, String code) {
        if (values == null) {
            return List.of();
        }
        return values.stream().filter(f -> code.equalsIgnoreCase(f.fieldCode())).flatMap(f -> f.values().stream())
                .map(v -> String.valueOf(v.value())).toList();
    }
}
