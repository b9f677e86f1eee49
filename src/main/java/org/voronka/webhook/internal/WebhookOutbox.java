package org.voronka.webhook.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.voronka.account.Account;
import org.voronka.account.AccountManagement;
import org.voronka.contact.Company;
import org.voronka.contact.CompanyManagement;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.PartiesChanged;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealsChanged;
import org.voronka.shared.AfterCommit;
import org.voronka.shared.Ids;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;
import org.voronka.task.TasksChanged;
import org.voronka.timeline.Note;
import org.voronka.timeline.NotesAdded;
import org.voronka.webhook.Delivery;
import org.voronka.webhook.Webhook;

/**
 * Turns changes into deliveries inside the transaction that made them (the outbox): the body is
 * built from the state the change left, and a rolled-back change sends nothing. One delivery per
 * hook and event per batch, with all the batch's items, as amoCRM does.
 */
@Component
public class WebhookOutbox {

    private final WebhookRepository repository;
    private final WebhookSender sender;
    private final AccountManagement accounts;
    private final DealManagement deals;
    private final ContactManagement contacts;
    private final CompanyManagement companies;
    private final TagManagement tags;
    private final FieldValues fields;
    private final Ids ids;
    private final Clock clock;
    private final String publicUrl;

    WebhookOutbox(WebhookRepository repository, WebhookSender sender, AccountManagement accounts, DealManagement deals,
                  ContactManagement contacts, CompanyManagement companies, TagManagement tags, FieldValues fields, Ids ids, Clock clock,
                  @Value("${voronka.public-url:}") String publicUrl) {
        this.repository = repository;
        this.sender = sender;
        this.accounts = accounts;
        this.deals = deals;
        this.contacts = contacts;
        this.companies = companies;
        this.tags = tags;
        this.fields = fields;
        this.ids = ids;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    /** Items of one batch per event setting, e.g. status_lead → [(status, item), …]. */
    private record Items(String topKey, Map<String, String> actionOf, Map<String, List<Map<String, Object>>> bySetting) {

        Items(String topKey) {
            this(topKey, new LinkedHashMap<>(), new LinkedHashMap<>());
        }

        void add(String action, String setting, Map<String, Object> item) {
            actionOf.put(setting, action);
            bySetting.computeIfAbsent(setting, k -> new ArrayList<>()).add(item);
        }
    }

    @EventListener
    void on(DealsChanged event) {
        Subscribed hooks = subscribed(event.accountId());
        if (!hooks.any("_lead")) {
            return;
        }
        // what happened to each deal, in amoCRM's terms
        Map<Long, Set<String>> actions = new LinkedHashMap<>();
        Map<Long, DealsChanged.StageChanged> stageChanges = new LinkedHashMap<>();
        Map<Long, DealsChanged.ResponsibleChanged> responsibleChanges = new LinkedHashMap<>();
        for (DealsChanged.Change c : event.changes()) {
            Set<String> a = actions.computeIfAbsent(c.dealId(), k -> new LinkedHashSet<>());
            if (c instanceof DealsChanged.Created) {
                a.add("add");
            } else if (c instanceof DealsChanged.Deleted) {
                a.add("delete");
            } else if (c instanceof DealsChanged.Restored) {
                a.add("restore");
            } else if (c instanceof DealsChanged.StageChanged x) {
                a.add("status");
                a.add("update");
                stageChanges.putIfAbsent(x.dealId(), x);
            } else if (c instanceof DealsChanged.ResponsibleChanged x) {
                a.add("responsible");
                a.add("update");
                responsibleChanges.putIfAbsent(x.dealId(), x);
            } else {
                a.add("update");
            }
        }
        actions.values().forEach(a -> {
            if (a.contains("add")) {
                a.retainAll(Set.of("add"));   // a new deal is reported once, as added
            }
        });
        List<Long> dealIds = actions.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(a -> hooks.has(a + "_lead"))).map(Map.Entry::getKey).toList();
        if (dealIds.isEmpty()) {
            return;
        }
        Map<Long, Deal> byId = deals.dealsIncludingDeleted(event.accountId(), dealIds).stream()
                .collect(Collectors.toMap(Deal::id, Function.identity()));
        Map<Long, List<Tag>> dealTags = tags.tagsOf(event.accountId(), DealManagement.ENTITY, dealIds);
        Map<Long, List<FieldValue>> values = fields.read(event.accountId(), DealManagement.ENTITY, dealIds);
        Items items = new Items("leads");
        for (long id : dealIds) {
            Deal d = byId.get(id);
            if (d == null) {
                continue;
            }
            for (String action : actions.get(id)) {
                String setting = action + "_lead";
                if (!hooks.has(setting)) {
                    continue;
                }
                Map<String, Object> item = action.equals("delete") ? Payloads.deletedLead(d)
                        : Payloads.lead(d, dealTags.get(id), values.get(id));
                if (action.equals("status")) {
                    DealsChanged.StageChanged s = stageChanges.get(id);
                    item.put("old_status_id", s.fromStatusId());
                    item.put("old_pipeline_id", s.fromPipelineId());
                }
                if (action.equals("responsible")) {
                    item.put("old_responsible_user_id", responsibleChanges.get(id).from());
                }
                items.add(action, setting, item);
            }
        }
        enqueue(event.accountId(), hooks, items);
    }

    @EventListener
    void on(TasksChanged event) {
        Subscribed hooks = subscribed(event.accountId());
        if (!hooks.any("_task")) {
            return;
        }
        ZoneId zone = zone(event.accountId());
        Items items = new Items("task");
        for (TasksChanged.Change c : event.changes()) {
            boolean added = c.kind() == TasksChanged.Kind.ADDED;
            boolean closed = c.kind() == TasksChanged.Kind.COMPLETED;
            String action = added ? "add" : "update";
            if (hooks.has(action + "_task")) {
                items.add(action, action + "_task", Payloads.task(c.after(), zone, closed));
            }
            if (!added && c.before() != null && c.before().responsibleUserId() != c.after().responsibleUserId()
                    && hooks.has("responsible_task")) {
                Map<String, Object> item = Payloads.task(c.after(), zone, closed);
                item.put("old_responsible_user_id", c.before().responsibleUserId());
                items.add("responsible", "responsible_task", item);
            }
        }
        enqueue(event.accountId(), hooks, items);
    }

    @EventListener
    void on(PartiesChanged event) {
        Subscribed hooks = subscribed(event.accountId());
        if (!hooks.any("_contact") && !hooks.any("_company")) {
            return;
        }
        long account = event.accountId();
        // what happened to each contact and company, in amoCRM's terms
        Map<Long, Set<String>> contactActions = new LinkedHashMap<>();
        Map<Long, Set<String>> companyActions = new LinkedHashMap<>();
        Map<String, Long> oldResponsible = new LinkedHashMap<>(); // by entity type and id
        for (PartiesChanged.Change c : event.changes()) {
            if (c instanceof PartiesChanged.ContactAdded x) {
                actions(contactActions, x.contactId()).add("add");
            } else if (c instanceof PartiesChanged.CompanyAdded x) {
                actions(companyActions, x.companyId()).add("add");
            } else if (c instanceof PartiesChanged.CompanyLinked x) {
                actions(contactActions, x.contactId()).add("update");
            } else if (c instanceof PartiesChanged.NameChanged x) {
                actions(x.entityType(), contactActions, companyActions, x.id()).add("update");
            } else if (c instanceof PartiesChanged.TagsChanged x) {
                actions(x.entityType(), contactActions, companyActions, x.id()).add("update");
            } else if (c instanceof PartiesChanged.FieldsChanged x) {
                actions(x.entityType(), contactActions, companyActions, x.id()).add("update");
            } else if (c instanceof PartiesChanged.ResponsibleChanged x) {
                Set<String> a = actions(x.entityType(), contactActions, companyActions, x.id());
                a.add("responsible");
                a.add("update");
                oldResponsible.putIfAbsent(x.entityType() + x.id(), x.from());
            } else if (c instanceof PartiesChanged.Deleted x) {
                actions(x.entityType(), contactActions, companyActions, x.id()).add("delete");
            } else if (c instanceof PartiesChanged.Restored x) {
                actions(x.entityType(), contactActions, companyActions, x.id()).add("restore");
            }
        }
        for (Map<Long, Set<String>> byId : List.of(contactActions, companyActions)) {
            byId.values().forEach(a -> {
                // a new one is reported once, as added; a deleted one only as deleted
                if (a.contains("add")) {
                    a.retainAll(Set.of("add"));
                } else if (a.contains("delete")) {
                    a.retainAll(Set.of("delete"));
                }
            });
        }
        contactActions.values().forEach(a -> a.removeIf(x -> !hooks.has(x + "_contact")));
        companyActions.values().forEach(a -> a.removeIf(x -> !hooks.has(x + "_company")));
        contactActions.values().removeIf(Set::isEmpty);
        companyActions.values().removeIf(Set::isEmpty);
        Items items = new Items("contacts");
        List<Long> liveContacts = contactActions.entrySet().stream().filter(e -> !e.getValue().contains("delete")).map(Map.Entry::getKey)
                .toList();
        if (!liveContacts.isEmpty()) {
            List<Contact> found = contacts.contacts(account, liveContacts);
            Map<Long, String> companyNames = companies.companies(account, found.stream().map(Contact::companyId)
                            .filter(java.util.Objects::nonNull).distinct().toList()).stream()
                    .collect(Collectors.toMap(Company::id, Company::name));
            Map<Long, List<Tag>> t = tags.tagsOf(account, ContactManagement.ENTITY, liveContacts);
            Map<Long, List<FieldValue>> v = fields.read(account, ContactManagement.ENTITY, liveContacts);
            for (Contact c : found) {
                for (String action : contactActions.get(c.id())) {
                    Map<String, Object> item = Payloads.contact(c, c.companyId() == null ? null : companyNames.get(c.companyId()),
                            t.get(c.id()), v.get(c.id()));
                    add(items, action, "_contact", item, oldResponsible.get(ContactManagement.ENTITY + c.id()));
                }
            }
        }
        List<Long> liveCompanies = companyActions.entrySet().stream().filter(e -> !e.getValue().contains("delete")).map(Map.Entry::getKey)
                .toList();
        if (!liveCompanies.isEmpty()) {
            Map<Long, List<Tag>> t = tags.tagsOf(account, CompanyManagement.ENTITY, liveCompanies);
            Map<Long, List<FieldValue>> v = fields.read(account, CompanyManagement.ENTITY, liveCompanies);
            for (Company c : companies.companies(account, liveCompanies)) {
                for (String action : companyActions.get(c.id())) {
                    add(items, action, "_company", Payloads.company(c, t.get(c.id()), v.get(c.id())),
                            oldResponsible.get(CompanyManagement.ENTITY + c.id()));
                }
            }
        }
        // what amoCRM sends for a deleted contact or company: its id and type only
        contactActions.forEach((id, a) -> {
            if (a.contains("delete")) {
                items.add("delete", "delete_contact", Payloads.deletedParty(id, "contact"));
            }
        });
        companyActions.forEach((id, a) -> {
            if (a.contains("delete")) {
                items.add("delete", "delete_company", Payloads.deletedParty(id, "company"));
            }
        });
        enqueue(account, hooks, items);
    }

    private static Set<String> actions(Map<Long, Set<String>> byId, long id) {
        return byId.computeIfAbsent(id, k -> new LinkedHashSet<>());
    }

    private static Set<String> actions(String entityType, Map<Long, Set<String>> contacts, Map<Long, Set<String>> companies, long id) {
        return actions(ContactManagement.ENTITY.equals(entityType) ? contacts : companies, id);
    }

    private static void add(Items items, String action, String suffix, Map<String, Object> item, Long oldResponsible) {
        if (action.equals("responsible") && oldResponsible != null) {
            item.put("old_responsible_user_id", oldResponsible);
        }
        items.add(action, action + suffix, item);
    }

    @EventListener
    void on(NotesAdded event) {
        Subscribed hooks = subscribed(event.accountId());
        if (!hooks.any("note_")) {
            return;
        }
        Items leads = new Items("leads");
        Items parties = new Items("contacts");
        for (Note n : event.notes()) {
            String setting = switch (n.entityType()) {
                case "leads" -> "note_lead";
                case "contacts" -> "note_contact";
                default -> "note_company";
            };
            if (hooks.has(setting)) {
                (n.entityType().equals("leads") ? leads : parties).add("note", setting, Payloads.note(n));
            }
        }
        enqueue(event.accountId(), hooks, leads);
        enqueue(event.accountId(), hooks, parties);
    }

    /**
     * A stage hook to a URL of an automation rule, in the Digital Pipeline's format (only the ids
     * of the deal, its stage and the stage it came from); written in the caller's transaction.
     */
    public long postStageHook(long accountId, String url, long dealId, long statusId, long pipelineId, long oldStatusId,
                              long oldPipelineId) {
        Account account = accounts.account(accountId);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", dealId);
        item.put("status_id", statusId);
        item.put("pipeline_id", pipelineId);
        item.put("old_status_id", oldStatusId);
        item.put("old_pipeline_id", oldPipelineId);
        String body = new FormBody().put("leads[status]", List.of(item)).put("account[id]", account.id())
                .put("account[subdomain]", account.subdomain()).toString();
        Instant now = clock.instant();
        long id = ids.next("webhook_delivery_seq");
        repository.insertDeliveries(List.of(new Delivery(accountId, id, null, url, "status_lead", body, Delivery.PENDING, 0, now, null,
                null, null, now)));
        wakeAfterCommit();
        return id;
    }

    // ---- delivery rows ----

    private void enqueue(long accountId, Subscribed hooks, Items items) {
        if (items.bySetting().isEmpty()) {
            return;
        }
        Account account = accounts.account(accountId);
        Instant now = clock.instant();
        List<Delivery> rows = new ArrayList<>();
        items.bySetting().forEach((setting, list) -> {
            FormBody body = new FormBody().put(items.topKey() + "[" + items.actionOf().get(setting) + "]", list);
            body.put("account[id]", account.id()).put("account[subdomain]", account.subdomain());
            if (!publicUrl.isBlank()) {
                body.put("account[_links][self]", publicUrl);
            }
            String text = body.toString();
            for (Webhook hook : hooks.of(setting)) {
                rows.add(new Delivery(accountId, 0, hook.id(), null, setting, text, Delivery.PENDING, 0, now, null, null, null, now));
            }
        });
        List<Long> newIds = ids.next("webhook_delivery_seq", rows.size());
        List<Delivery> withIds = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Delivery d = rows.get(i);
            withIds.add(new Delivery(d.accountId(), newIds.get(i), d.webhookId(), d.destination(), d.event(), d.body(), d.state(), d.attempts(),
                    d.nextAttemptAt(), null, null, null, d.createdAt()));
        }
        repository.insertDeliveries(withIds);
        wakeAfterCommit();
    }

    private void wakeAfterCommit() {
        AfterCommit.run(sender::wake);
    }

    private ZoneId zone(long accountId) {
        try {
            return ZoneId.of(accounts.account(accountId).timezone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private Subscribed subscribed(long accountId) {
        return new Subscribed(repository.activeHooks(accountId));
    }

    /** The account's enabled hooks by the events they subscribed to. */
    private record Subscribed(List<Webhook> hooks) {

        boolean has(String setting) {
            return hooks.stream().anyMatch(h -> h.settings().contains(setting));
        }

        boolean any(String part) {
            return hooks.stream().anyMatch(h -> h.settings().stream().anyMatch(s -> s.contains(part)));
        }

        List<Webhook> of(String setting) {
            return hooks.stream().filter(h -> h.settings().contains(setting)).toList();
        }
    }
}
