package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.contact.Contact;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.PartyDuplicates;
import org.voronka.contact.ContactUpdate;
import org.voronka.contact.NewContact;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.DealContact;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.Times;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/contacts}: list, get, batch create, batch and single patch. */
@RestController
class ContactApi {

    private final ContactManagement contacts;
    private final DealManagement deals;
    private final TagManagement tags;
    private final FieldValues fields;
    private final ObjectMapper json;
    private final PartyDuplicates hints;
    private final org.voronka.contact.PartyTrash trash;
    private final org.voronka.contact.ContactDirectory directory;

    ContactApi(ContactManagement contacts, DealManagement deals, TagManagement tags, FieldValues fields, ObjectMapper json, PartyDuplicates hints, org.voronka.contact.PartyTrash trash,
               org.voronka.contact.ContactDirectory directory) {
        this.directory = directory;
        this.hints = hints;
        this.trash = trash;
        this.contacts = contacts;
        this.deals = deals;
        this.tags = tags;
        this.fields = fields;
        this.json = json;
    }

    @GetMapping("/api/v4/contacts")
    ResponseEntity<Object> list(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        if (LeadApi.with(params).contains("only_deleted")) {
            return PartyTrashApi.trashed(trash, actor, "contacts", page, limit);
        }
        List<Contact> rows = contacts.list(actor.accountId(), PartyFilter.parse(params, page, limit));
        boolean hasNext = rows.size() > limit;
        List<Contact> pageRows = hasNext ? rows.subList(0, limit) : rows;
        if (pageRows.isEmpty()) {
            return Hal.noContent();
        }
        return Hal.ok(Hal.page("contacts", render(actor, pageRows, LeadApi.with(params)), page, null, hasNext));
    }

    @GetMapping("/api/v4/contacts/{id}")
    ResponseEntity<Object> get(Actor actor, @PathVariable long id, HttpServletRequest request) {
        Set<String> with = LeadApi.with(Params.of(request.getParameterMap()));
        return contacts.contact(actor.accountId(), id)
                .map(c -> Hal.ok(render(actor, List.of(c), with).get(0)))
                .orElseGet(Hal::noContent);
    }

    private List<Object> render(Actor actor, List<Contact> rows, Set<String> with) {
        List<Long> ids = rows.stream().map(Contact::id).toList();
        Map<Long, List<Tag>> tagsById = tags.tagsOf(actor.accountId(), ContactManagement.ENTITY, ids);
        Map<Long, List<FieldValue>> values = fields.read(actor.accountId(), ContactManagement.ENTITY, ids);
        Map<Long, List<DealContact>> leads = with.contains("leads") ? deals.dealLinksOfContacts(actor.accountId(), ids) : null;
        Set<Long> liveCompanies = directory.existingCompanyIds(actor.accountId(),
                rows.stream().map(Contact::companyId).filter(java.util.Objects::nonNull).distinct().toList());
        List<Object> items = new ArrayList<>();
        for (Contact c : rows) {
            List<Long> leadIds = leads == null ? null : leads.getOrDefault(c.id(), List.of()).stream().map(DealContact::dealId).toList();
            items.add(PartyJson.contact(c, tagsById.getOrDefault(c.id(), List.of()), values.get(c.id()), leadIds,
                    c.companyId() != null && liveCompanies.contains(c.companyId())));
        }
        return items;
    }

    @PostMapping("/api/v4/contacts")
    ResponseEntity<Object> create(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, LeadApi.MAX_BATCH);
        List<NewContact> requests = items.stream().map(PartyInput::newContact).toList();
        In.throwIfAny(problems);
        List<Contact> created = contacts.create(actor, requests);
        Map<Long, List<PartyDuplicates.Duplicate>> duplicates = hints.ofStored(actor.accountId(), "contacts", created);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", created.get(i).id());
            m.put("request_id", requests.get(i).requestId());
            m.put("_links", Hal.self("/api/v4/contacts/" + created.get(i).id()));
            PartyTrashApi.hints(m, "contacts", duplicates.get(created.get(i).id()));
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/contacts"), "_embedded", Map.of("contacts", result)));
    }

    @PatchMapping("/api/v4/contacts")
    ResponseEntity<Object> patchBatch(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, LeadApi.MAX_BATCH);
        List<ContactUpdate> updates = new ArrayList<>();
        for (In in : items) {
            Long id = PartyInput.requiredId(in, "id");
            if (id != null) {
                updates.add(PartyInput.contactUpdate(in, id));
            }
        }
        In.throwIfAny(problems);
        List<Contact> updated = contacts.update(actor, updates);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < updated.size(); i++) {
            Map<String, Object> m = patched(updated.get(i));
            m.put("request_id", updates.get(i).requestId());
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/contacts"), "_embedded", Map.of("contacts", result)));
    }

    @PatchMapping("/api/v4/contacts/{id}")
    ResponseEntity<Object> patchOne(Actor actor, @PathVariable long id, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        ContactUpdate update = PartyInput.contactUpdate(In.single(Body.parse(json, body), problems), id);
        In.throwIfAny(problems);
        return Hal.ok(patched(contacts.update(actor, update)));
    }

    private static Map<String, Object> patched(Contact c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("updated_at", Times.seconds(c.updatedAt()));
        m.put("_links", Hal.self("/api/v4/contacts/" + c.id()));
        return m;
    }
}
