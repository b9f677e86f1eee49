package org.voronka.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.voronka.account.AccountManagement;
import org.voronka.contact.ContactDirectory;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.PartyDuplicates;
import org.voronka.deal.Deal;
import org.voronka.deal.DealContact;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealMerge;
import org.voronka.deal.LossReasons;
import org.voronka.shared.Actor;
import org.voronka.shared.NotFoundException;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;

/** Fills the model of a deal card: fields on the left, the timeline on the right. */
@Component
class DealCard {

    private final DealManagement deals;
    private final Cards cards;
    private final TagManagement tags;
    private final ContactDirectory contacts;
    private final LossReasons lossReasons;
    private final AccountManagement accounts;
    private final TimelineView timeline;
    private final TaskViews tasks;
    private final DealMerge merges;
    private final CardFields fields;
    private final ContactManagement people;
    private final PartyDuplicates duplicates;

    DealCard(DealManagement deals, Cards cards, TagManagement tags, ContactDirectory contacts, LossReasons lossReasons,
             AccountManagement accounts, TimelineView timeline, TaskViews tasks, DealMerge merges, CardFields fields,
             ContactManagement people, PartyDuplicates duplicates) {
        this.people = people;
        this.duplicates = duplicates;
        this.deals = deals;
        this.cards = cards;
        this.tags = tags;
        this.contacts = contacts;
        this.lossReasons = lossReasons;
        this.accounts = accounts;
        this.timeline = timeline;
        this.tasks = tasks;
        this.merges = merges;
        this.fields = fields;
    }

    /** A contact or company a deal links to, as its card shows it. */
    record PartyLink(long id, String name, boolean main) {}

    /** Another open deal that may be the same request. */
    record DealLink(long id, String name) {}

    /** At most this many possible duplicates on a card. */
    static final int MAX_DUPLICATES = 5;

    Deal require(Actor actor, long id) {
        return deals.deal(actor.accountId(), id).orElseThrow(() -> new NotFoundException("deal " + id));
    }

    java.time.ZoneId zone(long accountId) {
        try {
            return java.time.ZoneId.of(accounts.account(accountId).timezone());
        } catch (RuntimeException e) {
            return java.time.ZoneId.of("UTC");
        }
    }

    void fill(Actor actor, Deal deal, Model model, Locale locale) {
        long accountId = actor.accountId();
        var pipelines = cards.pipelinesById(accountId);
        List<Tag> dealTags = tags.tagsOf(accountId, DealManagement.ENTITY, List.of(deal.id())).getOrDefault(deal.id(), List.of());
        List<DealContact> links = deals.contactsOf(accountId, List.of(deal.id())).getOrDefault(deal.id(), List.of());
        Map<Long, String> contactNames = contacts.contactNames(accountId, links.stream().map(DealContact::contactId).toList());
        model.addAttribute("deal", deal);
        model.addAttribute("card", cards.of(accountId, List.of(deal)).get(0));
        model.addAttribute("pipelines", pipelines.values());
        List<org.voronka.account.User> users = accounts.users(accountId, 0, 1000);
        model.addAttribute("users", users);
        // the responsible selector offers active users only, and the current one even when deactivated (marked so)
        model.addAttribute("responsibles", users.stream().filter(u -> u.active() || u.id() == deal.responsibleUserId()).toList());
        model.addAttribute("tags", dealTags);
        model.addAttribute("dealContacts", links.stream().filter(l -> contactNames.containsKey(l.contactId()))
                .map(l -> new PartyLink(l.contactId(), contactNames.get(l.contactId()), l.main())).toList());
        model.addAttribute("dealDuplicates", duplicates(accountId, deal, List.copyOf(contactNames.keySet())));
        String companyName = deal.companyId() == null ? null
                : contacts.companyNames(accountId, List.of(deal.companyId())).get(deal.companyId());
        model.addAttribute("dealCompany", companyName == null ? null : new PartyLink(deal.companyId(), companyName, false));
        model.addAttribute("lossReasons", lossReasons.all(accountId));
        model.addAttribute("lossReason", deal.lossReasonId() == null ? null
                : lossReasons.find(accountId, deal.lossReasonId()).map(r -> r.name()).orElse(null));
        fillTimeline(actor, deal.id(), model, locale);
        model.addAttribute("undoMerge", merges.undoable(accountId, deal.id()).orElse(null));
        // a copy made by a rule (the hand-off to another department) and its original link to each other
        org.voronka.deal.DealLineage lineage = deals.lineage(accountId, deal.id());
        List<Long> related = new java.util.ArrayList<>(lineage.copies());
        if (lineage.copiedFrom() != null) {
            related.add(0, lineage.copiedFrom());
        }
        Map<Long, Deal> relatives = deals.dealsIncludingDeleted(accountId, related).stream()
                .filter(d -> !d.deleted()).collect(Collectors.toMap(Deal::id, d -> d));
        model.addAttribute("copiedFrom", lineage.copiedFrom() == null ? null : relatives.get(lineage.copiedFrom()));
        model.addAttribute("copies", lineage.copies().stream().map(relatives::get).filter(java.util.Objects::nonNull).toList());
        model.addAttribute("fieldGroups", fields.groups(accountId, deal, zone(accountId)));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        if (!model.containsAttribute("fieldErrors")) {
            model.addAttribute("fieldErrors", Map.of());
        }
    }

    /**
     * Open deals of the deal's contacts, or of contacts with the same phone or e-mail (another
     * record of the same client): computed from the stored values each time, so a hint follows both
     * a create and an edit. Only a hint, with a link to merge.
     */
    private List<DealLink> duplicates(long accountId, Deal deal, List<Long> contactIds) {
        if (contactIds.isEmpty() || deal.statusId() == org.voronka.pipeline.Stage.WON || deal.statusId() == org.voronka.pipeline.Stage.LOST) {
            return List.of();
        }
        java.util.Set<Long> clients = new java.util.LinkedHashSet<>(contactIds);
        duplicates.ofStored(accountId, ContactManagement.ENTITY, people.contacts(accountId, contactIds))
                .values().forEach(list -> list.forEach(d -> clients.add(d.id())));
        List<Long> others = deals.dealLinksOfContacts(accountId, clients).values().stream().flatMap(List::stream)
                .map(DealContact::dealId).filter(id -> id != deal.id()).distinct().sorted().toList();
        return cards.live(accountId, others).stream()
                .filter(d -> d.statusId() != org.voronka.pipeline.Stage.WON && d.statusId() != org.voronka.pipeline.Stage.LOST)
                .limit(MAX_DUPLICATES).map(d -> new DealLink(d.id(), d.name())).toList();
    }

    /** The timeline side of the card: pinned notes, events and notes oldest first, open tasks, the composer's choices. */
    void fillTimeline(Actor actor, long dealId, Model model, Locale locale) {
        long accountId = actor.accountId();
        var types = tasks.types(accountId, locale);
        var entries = timeline.of(accountId, dealId, cards.pipelinesById(accountId), cards.userNames(accountId),
                TimelineView.byId(types), WebModel.zoneOf(accounts, accountId), locale);
        model.addAttribute("dealId", dealId);
        model.addAttribute("events", entries.all());
        model.addAttribute("pinned", entries.pinned());
        model.addAttribute("openTasks", tasks.openOfDeal(accountId, dealId, locale));
        model.addAttribute("taskTypes", types);
        if (!model.containsAttribute("users")) {
            model.addAttribute("users", accounts.users(accountId, 0, 1000));
        }
        if (!model.containsAttribute("composerErrors")) {
            model.addAttribute("composerErrors", Map.of());
        }
        if (!model.containsAttribute("composerValues")) {
            model.addAttribute("composerValues", Map.of());
        }
        if (!model.containsAttribute("composer")) {
            model.addAttribute("composer", "note");
        }
    }
}
