package org.voronka.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.voronka.contact.ContactDirectory;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.task.Task;
import org.voronka.task.TaskManagement;
import org.voronka.task.TaskQuery;
import org.voronka.task.TaskType;

/** Open tasks as the card and the Задачи page show them: type and responsible names, what they belong to, whether overdue. */
@Component
class TaskViews {

    /** An open task; {@code entityUrl} is null for a task of nothing (or of a deal in the trash). */
    record Row(Task task, String type, String responsible, String entityKind, String entityName, String entityUrl, boolean overdue) {}

    /** The Задачи page's groups, in this order. */
    enum Group { OVERDUE, TODAY, TOMORROW, LATER }

    static final int PAGE = 200;

    private final TaskManagement tasks;
    private final ContactDirectory contacts;
    private final Cards cards;
    private final Clock clock;

    TaskViews(TaskManagement tasks, ContactDirectory contacts, Cards cards, Clock clock) {
        this.tasks = tasks;
        this.contacts = contacts;
        this.cards = cards;
        this.clock = clock;
    }

    List<TaskType> types(long accountId, Locale locale) {
        return tasks.types(accountId, locale.getLanguage());
    }

    /** A deal's open tasks, nearest deadline first. */
    List<Row> openOfDeal(long accountId, long dealId, Locale locale) {
        List<Task> open = tasks.list(accountId, new TaskQuery(List.of(), List.of(), false, List.of(), DealManagement.ENTITY,
                List.of(dealId), List.of(), null, null, new TaskQuery.Order(TaskQuery.Field.COMPLETE_TILL, false), 0, 100));
        return rows(accountId, open.size() > 100 ? open.subList(0, 100) : open, locale);
    }

    record Page(Map<Group, List<Row>> groups, boolean more, int count) {}

    /** One page of a user's open tasks (nearest first) grouped by deadline in the account's time zone. */
    Page openOfUser(long accountId, List<Long> users, int offset, ZoneId zone, Locale locale) {
        List<Task> open = tasks.list(accountId, new TaskQuery(List.of(), users, false, List.of(), null, List.of(), List.of(), null, null,
                new TaskQuery.Order(TaskQuery.Field.COMPLETE_TILL, false), offset, PAGE));
        boolean more = open.size() > PAGE;
        List<Row> rows = rows(accountId, more ? open.subList(0, PAGE) : open, locale);
        Map<Group, List<Row>> groups = new LinkedHashMap<>();
        for (Group g : Group.values()) {
            groups.put(g, new ArrayList<>());
        }
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        for (Row r : rows) {
            if (DealManagement.ENTITY.equals(r.entityKind()) && r.task().entityId() != null && r.entityName() == null) {
                continue; // the deal is in the trash: its tasks come back with it
            }
            LocalDate day = r.task().completeTill().atZone(zone).toLocalDate();
            Group g = r.task().completeTill().isBefore(now) ? Group.OVERDUE : day.equals(today) ? Group.TODAY
                    : day.equals(today.plusDays(1)) ? Group.TOMORROW : Group.LATER;
            groups.get(g).add(r);
        }
        return new Page(groups, more, rows.size());
    }

    /** Names of types, users and the deals, contacts and companies the tasks belong to, in a fixed number of queries. */
    private List<Row> rows(long accountId, List<Task> list, Locale locale) {
        if (list.isEmpty()) {
            return List.of();
        }
        Map<Long, TaskType> types = TimelineView.byId(types(accountId, locale));
        Map<Long, String> users = cards.userNames(accountId);
        Set<Long> dealIds = new HashSet<>();
        Set<Long> contactIds = new HashSet<>();
        Set<Long> companyIds = new HashSet<>();
        for (Task t : list) {
            if (t.entityId() != null) {
                switch (t.entityType()) {
                    case "leads" -> dealIds.add(t.entityId());
                    case "contacts" -> contactIds.add(t.entityId());
                    case "companies" -> companyIds.add(t.entityId());
                    default -> { }
                }
            }
        }
        Map<Long, String> dealNames = new java.util.HashMap<>();
        for (Deal d : cards.live(accountId, dealIds)) {
            dealNames.put(d.id(), d.name());
        }
        Map<Long, String> contactNames = contacts.contactNames(accountId, contactIds);
        Map<Long, String> companyNames = contacts.companyNames(accountId, companyIds);
        Instant now = clock.instant();
        return list.stream().map(t -> {
            String kind = t.entityType();
            String name = null;
            String url = null;
            if (t.entityId() != null) {
                switch (kind) {
                    case "leads" -> {
                        name = dealNames.get(t.entityId());
                        url = name == null ? null : "/leads/" + t.entityId();
                    }
                    case "contacts" -> {
                        name = contactNames.get(t.entityId());
                        url = name == null ? null : "/contacts/" + t.entityId();
                    }
                    case "companies" -> {
                        name = companyNames.get(t.entityId());
                        url = name == null ? null : "/companies/" + t.entityId();
                    }
                    default -> { }
                }
            }
            TaskType type = types.get(t.taskTypeId());
            return new Row(t, type == null ? "#" + t.taskTypeId() : type.name(), users.getOrDefault(t.responsibleUserId(), ""),
                    kind, name, url, t.completeTill().isBefore(now));
        }).toList();
    }
}
