package org.voronka.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.contact.ContactDirectory;
import org.voronka.deal.Deal;
import org.voronka.deal.DealContact;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.pipeline.Pipeline;
import org.voronka.pipeline.PipelineManagement;
import org.voronka.pipeline.Stage;
import org.voronka.tag.TagManagement;

/** Turns deals into {@link CardView}s with a fixed number of queries, however many deals there are. */
@Component
class Cards {

    private final AccountManagement accounts;
    private final PipelineManagement pipelines;
    private final DealManagement deals;
    private final ContactDirectory contacts;
    private final TagManagement tags;
    private final java.time.Clock clock;

    Cards(AccountManagement accounts, PipelineManagement pipelines, DealManagement deals, ContactDirectory contacts,
          TagManagement tags, java.time.Clock clock) {
        this.accounts = accounts;
        this.pipelines = pipelines;
        this.deals = deals;
        this.contacts = contacts;
        this.tags = tags;
        this.clock = clock;
    }

    Map<Long, String> userNames(long accountId) {
        Map<Long, String> names = new HashMap<>();
        for (User u : accounts.users(accountId, 0, 1000)) {
            names.put(u.id(), u.name());
        }
        return names;
    }

    Map<Long, Pipeline> pipelinesById(long accountId) {
        Map<Long, Pipeline> result = new java.util.LinkedHashMap<>();
        pipelines.pipelines(accountId).forEach(p -> result.put(p.id(), p));
        return result;
    }

    /** The deals among the ids that exist and are not in the trash (one query). */
    List<Deal> live(long accountId, java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return deals.list(accountId, DealQuery.ofIds(List.copyOf(ids))).stream().limit(ids.size()).toList();
    }

    List<CardView> of(long accountId, List<Deal> list) {
        if (list.isEmpty()) {
            return List.of();
        }
        List<Long> ids = list.stream().map(Deal::id).toList();
        Map<Long, List<DealContact>> links = deals.contactsOf(accountId, ids);
        List<Long> mainContacts = links.values().stream().map(l -> l.stream().filter(DealContact::main).findFirst()
                .orElse(l.get(0)).contactId()).distinct().toList();
        Map<Long, String> contactNames = contacts.contactNames(accountId, mainContacts);
        Map<Long, String> companyNames = contacts.companyNames(accountId,
                list.stream().map(Deal::companyId).filter(Objects::nonNull).distinct().toList());
        var tagMap = tags.tagsOf(accountId, DealManagement.ENTITY, ids);
        Map<Long, String> users = userNames(accountId);
        Map<Long, Pipeline> byId = pipelinesById(accountId);
        java.time.Instant now = clock.instant();
        return list.stream().map(d -> {
            List<DealContact> l = links.getOrDefault(d.id(), List.of());
            String contact = l.isEmpty() ? null : contactNames.get(l.stream().filter(DealContact::main).findFirst()
                    .orElse(l.get(0)).contactId());
            Pipeline p = byId.get(d.pipelineId());
            Stage s = p == null ? null : p.stage(d.statusId()).orElse(null);
            return new CardView(d.id(), d.name(), d.price(), d.pipelineId(), d.statusId(), p == null ? "" : p.name(),
                    s == null ? "" : s.name(), s == null ? "#e6e8ea" : s.color(), contact,
                    d.companyId() == null ? null : companyNames.get(d.companyId()), tagMap.getOrDefault(d.id(), List.of()),
                    users.getOrDefault(d.responsibleUserId(), ""), d.createdAt(), d.closedAt(),
                    CardView.taskState(d.closestTaskAt(), now), d.closestTaskAt());
        }).toList();
    }
}
