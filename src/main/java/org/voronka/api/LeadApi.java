package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.customfield.FieldValue;
import org.voronka.customfield.FieldValues;
import org.voronka.deal.Deal;
import org.voronka.deal.DealContact;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.deal.DealUpdate;
import org.voronka.deal.LossReason;
import org.voronka.deal.LossReasons;
import org.voronka.deal.NewDeal;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;
import org.voronka.shared.Times;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;
import org.voronka.tag.TagRef;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/leads}: list, get, batch create, batch and single patch. */
@RestController
class LeadApi {

    static final int MAX_BATCH = 250;

    private final DealManagement deals;
    private final LossReasons lossReasons;
    private final TagManagement tags;
    private final FieldValues fields;
    private final ObjectMapper json;
    private final org.voronka.contact.ContactDirectory directory;
    private final org.voronka.account.AccountManagement accounts;
    private final java.time.Clock clock;

    LeadApi(DealManagement deals, LossReasons lossReasons, TagManagement tags, FieldValues fields, ObjectMapper json,
            org.voronka.account.AccountManagement accounts, java.time.Clock clock, org.voronka.contact.ContactDirectory directory) {
        this.directory = directory;
        this.deals = deals;
        this.lossReasons = lossReasons;
        this.tags = tags;
        this.fields = fields;
        this.json = json;
        this.accounts = accounts;
        this.clock = clock;
    }

    @GetMapping("/api/v4/leads")
    ResponseEntity<Object> list(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        Set<String> with = with(params);
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        DealQuery query = LeadFilter.parse(params, with.contains("only_deleted"), page, limit,
                accounts.account(actor.accountId()).zone(), clock.instant());
        List<Deal> rows = deals.list(actor.accountId(), query);
        boolean hasNext = rows.size() > limit;
        List<Deal> pageRows = hasNext ? rows.subList(0, limit) : rows;
        if (pageRows.isEmpty()) {
            return Hal.noContent();
        }
        List<Object> items = with.contains("only_deleted")
                ? pageRows.stream().map(d -> (Object) LeadJson.deleted(d)).toList()
                : render(actor, pageRows, with);
        Deal last = pageRows.get(pageRows.size() - 1);
        return Hal.ok(Hal.page("leads", items, page, LeadFilter.cursorAfter(last, query.order()), hasNext));
    }

    @GetMapping("/api/v4/leads/{id}")
    ResponseEntity<Object> get(Actor actor, @PathVariable long id, HttpServletRequest request) {
        Set<String> with = with(Params.of(request.getParameterMap()));
        return deals.deal(actor.accountId(), id)
                .map(d -> Hal.ok(render(actor, List.of(d), with).get(0)))
                .orElseGet(Hal::noContent);
    }

    List<Object> render(Actor actor, List<Deal> rows, Set<String> with) {
        List<Long> ids = rows.stream().map(Deal::id).toList();
        Map<Long, List<Tag>> tagsById = tags.tagsOf(actor.accountId(), DealManagement.ENTITY, ids);
        Map<Long, List<FieldValue>> values = fields.read(actor.accountId(), DealManagement.ENTITY, ids);
        Map<Long, List<DealContact>> contacts = with.contains("contacts") ? deals.contactsOf(actor.accountId(), ids) : Map.of();
        Map<Long, LossReason> reasons = with.contains("loss_reason")
                ? lossReasons.all(actor.accountId()).stream().collect(Collectors.toMap(LossReason::id, r -> r)) : Map.of();
        Set<Long> liveCompanies = directory.existingCompanyIds(actor.accountId(),
                rows.stream().map(Deal::companyId).filter(java.util.Objects::nonNull).distinct().toList());
        List<Object> items = new ArrayList<>();
        for (Deal d : rows) {
            items.add(LeadJson.of(d, tagsById.getOrDefault(d.id(), List.of()), values.get(d.id()), contacts.getOrDefault(d.id(), List.of()),
                    reasons, with, liveCompanies));
        }
        return items;
    }

    static Set<String> with(Params params) {
        return params.get("with").all().stream().flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .collect(Collectors.toSet());
    }

    @PostMapping("/api/v4/leads")
    ResponseEntity<Object> create(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, MAX_BATCH);
        List<NewDeal> requests = items.stream().map(LeadApi::newDeal).toList();
        In.throwIfAny(problems);
        List<Deal> created = deals.create(actor, requests, Source.API);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", created.get(i).id());
            m.put("request_id", requests.get(i).requestId());
            m.put("_links", Hal.self("/api/v4/leads/" + created.get(i).id()));
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/leads"), "_embedded", Map.of("leads", result)));
    }

    static NewDeal newDeal(In in) {
        In embedded = in.object("_embedded");
        List<TagRef> tagRefs = null;
        List<DealContact> contacts = null;
        Long companyId = null;
        if (embedded != null) {
            tagRefs = tagRefs(embedded, "tags");
            List<In> cs = embedded.array("contacts");
            if (cs != null) {
                contacts = new ArrayList<>();
                for (In c : cs) {
                    Long id = requiredId(c, "id");
                    Boolean main = c.bool("is_main");
                    if (id != null) {
                        contacts.add(new DealContact(0, id, Boolean.TRUE.equals(main)));
                    }
                }
            }
            List<In> companies = embedded.array("companies");
            if (companies != null && !companies.isEmpty()) {
                if (companies.size() > 1) {
                    embedded.problem("companies", "TooManyItems", "A deal has at most one company");
                }
                companyId = requiredId(companies.get(0), "id");
            }
        }
        List<TagRef> toAdd = tagRefs(in, "tags_to_add");
        if (toAdd != null) {
            tagRefs = tagRefs == null ? toAdd : concat(tagRefs, toAdd);
        }
        return new NewDeal(in.requestId(), in.string("name", 255), in.price("price"), in.id("pipeline_id"), in.id("status_id"),
                in.id("responsible_user_id"), in.integer("created_by", 0, Long.MAX_VALUE), in.timestamp("created_at"),
                in.timestamp("updated_at"), in.timestamp("closed_at"), in.id("loss_reason_id"), tagRefs, contacts, companyId,
                PartyInput.fields(in));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static Long requiredId(In in, String field) {
        Long id = in.id(field);
        if (id == null && (!in.has(field) || in.isNull(field))) {
            in.problem(field, "NotBlank", "This value should not be blank.");
        }
        return id;
    }

    /** Tags given as [{id}|{name}]; null when the field is absent, empty for an explicit null. */
    static List<TagRef> tagRefs(In in, String field) {
        if (in.isNull(field)) {
            return List.of();
        }
        List<In> items = in.array(field);
        if (items == null) {
            return null;
        }
        List<TagRef> refs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            In t = items.get(i);
            Long id = t.id("id");
            String name = t.string("name", 255);
            if (id == null && (name == null || name.isBlank())) {
                t.problem("name", "NotBlank", "A tag needs an id or a name");
                continue;
            }
            refs.add(new TagRef(id, name, in.path(field) + "." + i));
        }
        return refs;
    }

    @PatchMapping("/api/v4/leads")
    ResponseEntity<Object> patchBatch(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, MAX_BATCH);
        List<DealUpdate> updates = new ArrayList<>();
        for (In in : items) {
            Long id = requiredId(in, "id");
            if (id != null) {
                updates.add(update(in, id));
            }
        }
        In.throwIfAny(problems);
        List<Deal> updated = deals.update(actor, updates, Source.API);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < updated.size(); i++) {
            Map<String, Object> m = patched(updated.get(i));
            m.put("request_id", updates.get(i).requestId());
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/leads"), "_embedded", Map.of("leads", result)));
    }

    @PatchMapping("/api/v4/leads/{id}")
    ResponseEntity<Object> patchOne(Actor actor, @PathVariable long id, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        DealUpdate update = update(in, id);
        In.throwIfAny(problems);
        return Hal.ok(patched(deals.update(actor, update, Source.API)));
    }

    static Map<String, Object> patched(Deal d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("updated_at", Times.seconds(d.updatedAt()));
        m.put("_links", Hal.self("/api/v4/leads/" + d.id()));
        return m;
    }

    /** Read-only fields a client sends back (created_by, account_id, _embedded.companies …) are ignored. */
    static DealUpdate update(In in, long id) {
        In embedded = in.object("_embedded");
        List<TagRef> replace = null;
        if (in.has("_embedded") && in.isNull("_embedded")) {
            replace = null;
        } else if (embedded != null && embedded.has("tags")) {
            replace = tagRefs(embedded, "tags");
        }
        String name = in.string("name", 255);
        return new DealUpdate(in.requestId(), id, name, in.price("price"), in.id("pipeline_id"), in.id("status_id"),
                in.id("responsible_user_id"), in.id("loss_reason_id"), in.isNull("loss_reason_id"), in.timestamp("closed_at"),
                in.timestamp("updated_at"), replace, tagRefs(in, "tags_to_add"), tagRefs(in, "tags_to_delete"), PartyInput.fields(in));
    }
}
