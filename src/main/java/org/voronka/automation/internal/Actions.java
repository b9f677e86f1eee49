package org.voronka.automation.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.voronka.account.Account;
import org.voronka.account.AccountManagement;
import org.voronka.automation.Rule;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealUpdate;
import org.voronka.deal.StageTransition;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;
import org.voronka.tag.TagRef;
import org.voronka.task.NewTask;
import org.voronka.task.TaskManagement;
import org.voronka.timeline.NewNote;
import org.voronka.timeline.NoteManagement;
import org.voronka.webhook.WebhookManagement;
import java.util.Optional;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactManagement;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.DealContact;
import org.voronka.messaging.Messaging;
import org.voronka.messaging.OutgoingMessage;
import org.voronka.notification.Notification;
import org.voronka.notification.Notifications;
import org.voronka.shared.RuleViolationException;

/**
 * Carries out a rule's actions on a deal, in the caller's transaction, acting as the rule's author
 * with source {@code automation}. Returns what was done, in words for the run log.
 */
@Component
class Actions {

    /** A rule that keeps moving the same deal is stopped: more than this many automatic moves in ten minutes. */
    static final Duration LOOP_WINDOW = Duration.ofMinutes(10);

    private final DealManagement deals;
    private final TaskManagement tasks;
    private final NoteManagement notes;
    private final AccountManagement accounts;
    private final WebhookManagement webhooks;
    private final Assignment assignment;
    private final Messaging messaging;
    private final Notifications notifications;
    private final ContactManagement contacts;
    private final FieldValues fields;
    private final int maxHops;

    Actions(DealManagement deals, TaskManagement tasks, NoteManagement notes, AccountManagement accounts, WebhookManagement webhooks,
            Assignment assignment, Messaging messaging, Notifications notifications, ContactManagement contacts, FieldValues fields,
            @Value("${voronka.automation.max-hops:10}") int maxHops) {
        this.deals = deals;
        this.tasks = tasks;
        this.notes = notes;
        this.accounts = accounts;
        this.webhooks = webhooks;
        this.assignment = assignment;
        this.messaging = messaging;
        this.notifications = notifications;
        this.contacts = contacts;
        this.fields = fields;
        this.maxHops = maxHops;
    }

    /** Thrown when a rule bounces a deal around: the run fails and the rule is paused. */
    static class LoopDetected extends RuntimeException {
        LoopDetected(String message) {
            super(message);
        }
    }

    List<String> run(Rule rule, long runId, Deal deal, Instant now) {
        Account account = accounts.account(rule.accountId());
        Actor robot = new Actor(rule.accountId(), rule.createdBy(), true, account.language());
        ZoneId zone = zone(account);
        List<String> done = new ArrayList<>();
        Deal current = deal;
        int index = -1;
        MainContactOf party = new MainContactOf(deal);
        for (Map<String, Object> action : rule.actions()) {
            index++;
            String type = String.valueOf(action.get("type"));
            switch (type) {
                case "create_task" -> {
                    NewTask task = newTask(rule, index, action, current, party, now, zone);
                    long id = tasks.create(robot, List.of(task)).get(0).id();
                    done.add("task " + id + " until " + task.completeTill());
                }
                case "move", "close_lost" -> {
                    long pipeline = action.get("pipeline_id") == null ? current.pipelineId() : number(action.get("pipeline_id"));
                    long status = type.equals("close_lost") ? 143L : number(action.get("status_id"));
                    Long lossReason = action.get("loss_reason_id") == null ? null : number(action.get("loss_reason_id"));
                    if (pipeline == current.pipelineId() && status == current.statusId()) {
                        done.add("already in stage " + status);
                        continue;
                    }
                    guardAgainstLoops(current, now);
                    current = deals.update(robot, DealUpdate.move(current.id(), pipeline, status, lossReason), Source.AUTOMATION);
                    done.add("moved to " + pipeline + "/" + status);
                }
                case "copy" -> {
                    long pipeline = number(action.get("pipeline_id"));
                    long status = number(action.get("status_id"));
                    guardAgainstCopyChains(current);
                    List<Long> only = action.get("fields") instanceof List<?> l ? l.stream().map(Actions::number).toList() : null;
                    Deal copy = deals.copy(robot, current.id(), pipeline, status, only, Source.AUTOMATION);
                    done.add("copied to " + pipeline + "/" + status + " as deal " + copy.id());
                }
                case "set_responsible" -> {
                    long user = action.get("assign") != null
                            ? assignment.pick(rule, index, String.valueOf(action.get("assign")), number(action.get("group_id")))
                            : number(action.get("user_id"));
                    current = deals.update(robot, new DealUpdate("0", current.id(), null, null, null, null, user, null, false, null, null,
                            null, null, null), Source.AUTOMATION);
                    done.add("responsible " + user);
                }
                case "add_tags", "remove_tags" -> {
                    List<TagRef> refs = names(action.get("tags")).stream().map(n -> new TagRef(null, n, null)).toList();
                    boolean add = type.equals("add_tags");
                    current = deals.update(robot, new DealUpdate("0", current.id(), null, null, null, null, null, null, false, null, null,
                            null, add ? refs : null, add ? null : refs), Source.AUTOMATION);
                    done.add((add ? "tags added " : "tags removed ") + names(action.get("tags")));
                }
                case "add_note" -> {
                    notes.create(robot, DealManagement.ENTITY, List.of(newNote(rule, action, current, party)));
                    done.add("note");
                }
                case "webhook" -> {
                    StageTransition last = lastTransition(current);
                    long id = webhooks.postStageHook(rule.accountId(), String.valueOf(action.get("url")), current.id(), current.statusId(),
                            current.pipelineId(), last == null || last.fromStatusId() == null ? current.statusId() : last.fromStatusId(),
                            last == null || last.fromPipelineId() == null ? current.pipelineId() : last.fromPipelineId());
                    done.add("webhook delivery " + id);
                }
                case "notify" -> {
                    long user = "deal".equals(String.valueOf(action.getOrDefault("user", "deal")))
                            ? current.responsibleUserId() : number(action.get("user"));
                    String text = fill(String.valueOf(action.get("text")), current, rule, party);
                    long id = notifications.notify(rule.accountId(), user, Notification.AUTOMATION, current.id(), text, rule.id(), rule.name())
                            .id();
                    done.add("notification " + id + " to user " + user);
                }
                case "send_email", "send_sms" -> {
                    boolean email = type.equals("send_email");
                    MainContact contact = party.get();
                    String to = contact == null ? null : email ? contact.email() : contact.phone();
                    if (to == null) {
                        throw new RuleViolationException(email ? "NoEmail" : "NoPhone", "actions",
                                contact == null ? "The deal has no contact" : "The deal's main contact has no " + (email ? "e-mail" : "phone"));
                    }
                    String text = fill(String.valueOf(action.get("text")), current, rule, party);
                    String subject = email ? fill(String.valueOf(action.get("subject")), current, rule, party) : null;
                    long id = messaging.queue(rule.accountId(), new OutgoingMessage(email ? OutgoingMessage.EMAIL : OutgoingMessage.SMS, to,
                            subject, text, current.id(), rule.id(), runId, rule.name(), rule.createdBy()));
                    done.add((email ? "e-mail " : "SMS ") + id + " to " + to + " queued");
                }
                default -> throw new IllegalStateException("unknown action " + type);
            }
        }
        // the deal's timeline says which rule did what
        notes.create(robot, DealManagement.ENTITY, List.of(serviceNote(rule, current, done)));
        return done;
    }

    /** Rules whose actions only add to the deal (tasks, notes) can be carried out for many deals at once. */
    static boolean together(Rule rule) {
        return rule.actions().stream().allMatch(a -> "create_task".equals(a.get("type")) || "add_note".equals(a.get("type")));
    }

    /**
     * {@link #run} for many deals of one {@link #together} rule: one call per action for all the
     * deals (one insert of their tasks, one of their notes, one timeline batch), then their service
     * notes in one call. Returns what was done for each deal, in the deals' order.
     */
    List<List<String>> runAll(Rule rule, List<Deal> targets, Instant now) {
        Account account = accounts.account(rule.accountId());
        Actor robot = new Actor(rule.accountId(), rule.createdBy(), true, account.language());
        ZoneId zone = zone(account);
        List<List<String>> done = new ArrayList<>();
        List<MainContactOf> parties = new ArrayList<>();
        for (Deal d : targets) {
            done.add(new ArrayList<>());
            parties.add(new MainContactOf(d));
        }
        int index = -1;
        for (Map<String, Object> action : rule.actions()) {
            index++;
            if ("create_task".equals(action.get("type"))) {
                List<NewTask> batch = new ArrayList<>();
                for (int i = 0; i < targets.size(); i++) {
                    batch.add(newTask(rule, index, action, targets.get(i), parties.get(i), now, zone));
                }
                List<org.voronka.task.Task> created = tasks.create(robot, batch);
                for (int i = 0; i < targets.size(); i++) {
                    done.get(i).add("task " + created.get(i).id() + " until " + batch.get(i).completeTill());
                }
            } else {
                List<NewNote> batch = new ArrayList<>();
                for (int i = 0; i < targets.size(); i++) {
                    batch.add(newNote(rule, action, targets.get(i), parties.get(i)));
                    done.get(i).add("note");
                }
                notes.create(robot, DealManagement.ENTITY, batch);
            }
        }
        List<NewNote> service = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            service.add(serviceNote(rule, targets.get(i), done.get(i)));
        }
        notes.create(robot, DealManagement.ENTITY, service);
        return done;
    }

    private NewTask newTask(Rule rule, int index, Map<String, Object> action, Deal deal, MainContactOf party, Instant now, ZoneId zone) {
        Object who = action.getOrDefault("responsible", "deal");
        long responsible = "deal".equals(who) ? deal.responsibleUserId()
                : Assignment.MODES.contains(who) ? assignment.pick(rule, index, (String) who, number(action.get("group_id")))
                : number(who);
        Long taskType = action.get("task_type_id") == null ? 1L : number(action.get("task_type_id"));
        return new NewTask("0", DealManagement.ENTITY, deal.id(), taskType, fill(String.valueOf(action.get("text")), deal, rule, party),
                deadline(action.get("deadline"), now, zone), null, responsible, rule.createdBy());
    }

    private static NewNote newNote(Rule rule, Map<String, Object> action, Deal deal, MainContactOf party) {
        return new NewNote("0", DealManagement.ENTITY, deal.id(), "common", Map.of("text", fill(String.valueOf(action.get("text")), deal,
                rule, party)), null, rule.createdBy());
    }

    /** The deal's timeline says which rule did what. */
    private static NewNote serviceNote(Rule rule, Deal deal, List<String> done) {
        return new NewNote("0", DealManagement.ENTITY, deal.id(), "service_message",
                Map.of("service", "automation", "text", rule.name() + ": " + String.join("; ", done)), null, rule.createdBy());
    }

    private void guardAgainstLoops(Deal deal, Instant now) {
        Instant since = now.minus(LOOP_WINDOW);
        long hops = deals.history(deal.accountId(), deal.id()).stream()
                .filter(t -> Source.AUTOMATION.code().equals(t.source()) && !t.movedAt().isBefore(since)).count();
        if (hops >= maxHops) {
            throw new LoopDetected("Stopped: the deal was moved automatically " + hops + " times within "
                    + LOOP_WINDOW.toMinutes() + " minutes");
        }
    }

    /** A copy of a copy of a copy…: rules that copy deals back and forth would create deals without end. */
    private void guardAgainstCopyChains(Deal deal) {
        Long ancestor = deals.lineage(deal.accountId(), deal.id()).copiedFrom();
        int depth = 0;
        while (ancestor != null && depth < maxHops) {
            depth++;
            ancestor = deals.lineage(deal.accountId(), ancestor).copiedFrom();
        }
        if (depth >= maxHops) {
            throw new LoopDetected("Stopped: the deal is already a copy of a copy " + depth + " times over");
        }
    }

    private StageTransition lastTransition(Deal deal) {
        List<StageTransition> history = deals.history(deal.accountId(), deal.id());
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }

    /** {@code {"in_minutes": n}}, {@code {"in_days": d, "at": "HH:MM"}}, or the end of today (amoCRM's "end of day" is 23:59). */
    @SuppressWarnings("unchecked")
    static Instant deadline(Object spec, Instant now, ZoneId zone) {
        if (spec instanceof Map<?, ?> m) {
            Map<String, Object> d = (Map<String, Object>) m;
            if (d.get("in_minutes") != null) {
                return now.plus(Duration.ofMinutes(number(d.get("in_minutes"))));
            }
            LocalDate day = now.atZone(zone).toLocalDate().plusDays(d.get("in_days") == null ? 0 : number(d.get("in_days")));
            LocalTime at = d.get("at") == null ? LocalTime.of(23, 59) : LocalTime.parse(String.valueOf(d.get("at")));
            return day.atTime(at).atZone(zone).toInstant();
        }
        return now.atZone(zone).toLocalDate().atTime(23, 59).atZone(zone).toInstant();
    }

    /** The deal's main contact (or its first), with the first phone and e-mail; read once per run, only when an action needs it. */
    record MainContact(String name, String phone, String email) {}

    private final class MainContactOf {
        private final Deal deal;
        private MainContact found;
        private boolean read;

        MainContactOf(Deal deal) {
            this.deal = deal;
        }

        MainContact get() {
            if (!read) {
                read = true;
                List<DealContact> links = deals.contactsOf(deal.accountId(), List.of(deal.id())).getOrDefault(deal.id(), List.of());
                Optional<DealContact> main = links.stream().filter(DealContact::main).findFirst().or(() -> links.stream().findFirst());
                Optional<Contact> contact = main.flatMap(l -> contacts.contact(deal.accountId(), l.contactId())).filter(c -> !c.deleted());
                if (contact.isPresent()) {
                    List<FieldValue> values = fields.read(deal.accountId(), FieldValues.CONTACTS, List.of(contact.get().id()))
                            .getOrDefault(contact.get().id(), List.of());
                    found = new MainContact(contact.get().name(), phone(first(values, "PHONE")), first(values, "EMAIL"));
                }
            }
            return found;
        }
    }

    /** A phone in international form for a gateway: "+" and digits (Russian numbers written with 8, or without the code, get 7). */
    static String phone(String text) {
        if (text == null) {
            return null;
        }
        String digits = text.replaceAll("\\D", "");
        if (digits.length() == 11 && digits.charAt(0) == '8') {
            digits = "7" + digits.substring(1);
        } else if (digits.length() == 10 && digits.charAt(0) == '9') {
            digits = "7" + digits;
        }
        return digits.isEmpty() ? null : "+" + digits;
    }

    private static String first(List<FieldValue> values, String code) {
        return values.stream().filter(f -> code.equalsIgnoreCase(f.fieldCode())).flatMap(f -> f.values().stream())
                .map(v -> v.value() == null ? "" : String.valueOf(v.value()).trim()).filter(v -> !v.isEmpty()).findFirst().orElse(null);
    }

    private static String fill(String template, Deal deal, Rule rule, MainContactOf party) {
        if (template.contains("{{contact.name}}")) {
            MainContact c = party.get();
            template = template.replace("{{contact.name}}", c == null || c.name() == null ? "" : c.name());
        }
        return template.replace("{{lead.name}}", deal.name() == null ? "" : deal.name())
                .replace("{{lead.id}}", Long.toString(deal.id()))
                .replace("{{lead.price}}", deal.price() == null ? "0" : deal.price().stripTrailingZeros().toPlainString())
                .replace("{{rule.name}}", rule.name());
    }

    private static List<String> names(Object tags) {
        return tags instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    static long number(Object o) {
        return o instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(o));
    }

    static ZoneId zone(Account account) {
        try {
            return ZoneId.of(account.timezone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
