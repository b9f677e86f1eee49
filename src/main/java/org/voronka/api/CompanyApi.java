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
import org.voronka.contact.Company;
import org.voronka.contact.CompanyManagement;
import org.voronka.contact.CompanyUpdate;
import org.voronka.contact.ContactManagement;
import org.voronka.contact.PartyDuplicates;
import org.voronka.contact.NewCompany;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.DealManagement;
import org.voronka.shared.Actor;
import org.voronka.shared.Times;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/companies}: list, get, batch create, batch and single patch. */
@RestController
class CompanyApi {

    private final CompanyManagement companies;
    private final ContactManagement contacts;
    private final DealManagement deals;
    private final TagManagement tags;
    private final FieldValues fields;
    private final ObjectMapper json;
    private final PartyDuplicates hints;
    private final org.voronka.contact.PartyTrash trash;

    CompanyApi(CompanyManagement companies, ContactManagement contacts, DealManagement deals, TagManagement tags, FieldValues fields,
               ObjectMapper json, PartyDuplicates hints, org.voronka.contact.PartyTrash trash) {
        this.hints = hints;
        this.trash = trash;
        this.companies = companies;
        this.contacts = contacts;
        this.deals = deals;
        this.tags = tags;
        this.fields = fields;
        this.json = json;
    }

    @GetMapping("/api/v4/companies")
    ResponseEntity<Object> list(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        if (LeadApi.with(params).contains("only_deleted")) {
            return PartyTrashApi.trashed(trash, actor, "companies", page, limit);
        }
        List<Company> rows = companies.list(actor.accountId(), PartyFilter.parse(params, page, limit));
        boolean hasNext = rows.size() > limit;
        List<Company> pageRows = hasNext ? rows.subList(0, limit) : rows;
        if (pageRows.isEmpty()) {
            return Hal.noContent();
        }
        return Hal.ok(Hal.page("companies", render(actor, pageRows, LeadApi.with(params)), page, null, hasNext));
    }

    @GetMapping("/api/v4/companies/{id}")
    ResponseEntity<Object> get(Actor actor, @PathVariable long id, HttpServletRequest request) {
        Set<String> with = LeadApi.with(Params.of(request.getParameterMap()));
        return companies.company(actor.accountId(), id)
                .map(c -> Hal.ok(render(actor, List.of(c), with).get(0)))
                .orElseGet(Hal::noContent);
    }

    private List<Object> render(Actor actor, List<Company> rows, Set<String> with) {
        List<Long> ids = rows.stream().map(Company::id).toList();
        Map<Long, List<Tag>> tagsById = tags.tagsOf(actor.accountId(), CompanyManagement.ENTITY, ids);
        Map<Long, List<FieldValue>> values = fields.read(actor.accountId(), CompanyManagement.ENTITY, ids);
        Map<Long, List<Long>> members = with.contains("contacts") ? contacts.contactIdsOfCompanies(actor.accountId(), ids) : null;
        Map<Long, List<Long>> leads = with.contains("leads") ? deals.dealsOfCompanies(actor.accountId(), ids) : null;
        List<Object> items = new ArrayList<>();
        for (Company c : rows) {
            items.add(PartyJson.company(c, tagsById.getOrDefault(c.id(), List.of()), values.get(c.id()),
                    members == null ? null : members.getOrDefault(c.id(), List.of()),
                    leads == null ? null : leads.getOrDefault(c.id(), List.of())));
        }
        return items;
    }

    @PostMapping("/api/v4/companies")
    ResponseEntity<Object> create(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, LeadApi.MAX_BATCH);
        List<NewCompany> requests = items.stream().map(PartyInput::newCompany).toList();
        In.throwIfAny(problems);
        List<Company> created = companies.create(actor, requests);
        Map<Long, List<PartyDuplicates.Duplicate>> duplicates = hints.ofStored(actor.accountId(), "companies", created);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", created.get(i).id());
            m.put("request_id", requests.get(i).requestId());
            m.put("_links", Hal.self("/api/v4/companies/" + created.get(i).id()));
            PartyTrashApi.hints(m, "companies", duplicates.get(created.get(i).id()));
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/companies"), "_embedded", Map.of("companies", result)));
    }

    @PatchMapping("/api/v4/companies")
    ResponseEntity<Object> patchBatch(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, LeadApi.MAX_BATCH);
        List<CompanyUpdate> updates = new ArrayList<>();
        for (In in : items) {
            Long id = PartyInput.requiredId(in, "id");
            if (id != null) {
                updates.add(PartyInput.companyUpdate(in, id));
            }
        }
        In.throwIfAny(problems);
        List<Company> updated = companies.update(actor, updates);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < updated.size(); i++) {
            Map<String, Object> m = patched(updated.get(i));
            m.put("request_id", updates.get(i).requestId());
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/companies"), "_embedded", Map.of("companies", result)));
    }

    @PatchMapping("/api/v4/companies/{id}")
    ResponseEntity<Object> patchOne(Actor actor, @PathVariable long id, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        CompanyUpdate update = PartyInput.companyUpdate(In.single(Body.parse(json, body), problems), id);
        In.throwIfAny(problems);
        return Hal.ok(patched(companies.update(actor, update)));
    }

    private static Map<String, Object> patched(Company c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("updated_at", Times.seconds(c.updatedAt()));
        m.put("_links", Hal.self("/api/v4/companies/" + c.id()));
        return m;
    }
}
