package org.voronka.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.contact.NewCompany;
import org.voronka.contact.NewContact;
import org.voronka.deal.NewDeal;
import org.voronka.link.ComplexLead;
import org.voronka.link.ComplexLeads;
import org.voronka.link.ComplexResult;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v4/leads/complex}: up to 50 deals, each with one contact and one company given
 * by id or as a full model. The answer is a bare array, not HAL:
 * {@code [{id, contact_id, company_id, request_id: [..], merged: false}]}.
 */
@RestController
class ComplexLeadApi {

    static final int MAX_LEADS = 50;
    static final int MAX_FIELDS = 40;

    private final ComplexLeads complex;
    private final ObjectMapper json;

    ComplexLeadApi(ComplexLeads complex, ObjectMapper json) {
        this.complex = complex;
        this.json = json;
    }

    @PostMapping("/api/v4/leads/complex")
    ResponseEntity<Object> create(Actor actor, @RequestBody(required = false) byte[] body) {
        // the lead part is read like POST /leads; the embedded contact and company are taken out first
        JsonNode leads = Body.parse(json, body).deepCopy();
        List<JsonNode> contacts = takeOut(leads, "contacts");
        List<JsonNode> companies = takeOut(leads, "companies");
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(leads, problems, MAX_LEADS);
        In.throwIfAny(problems);
        List<ComplexLead> requests = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            In lead = items.get(i);
            NewDeal deal = LeadApi.newDeal(lead);
            In contact = single(lead, contacts.get(i), "contacts", problems);
            In company = single(lead, companies.get(i), "companies", problems);
            Long contactId = isReference(contact) ? PartyInput.requiredId(contact, "id") : null;
            Long companyId = isReference(company) ? PartyInput.requiredId(company, "id") : null;
            NewContact newContact = contact == null || isReference(contact) ? null
                    : nested(lead, contacts.get(i).get(0), "_embedded.contacts.0", problems, in -> PartyInput.newContact(in));
            NewCompany newCompany = company == null || isReference(company) ? null
                    : nested(lead, companies.get(i).get(0), "_embedded.companies.0", problems, in -> PartyInput.newCompany(in));
            requests.add(new ComplexLead(deal, contactId, newContact, companyId, newCompany));
        }
        In.throwIfAny(problems);
        List<Object> result = new ArrayList<>();
        for (ComplexResult r : complex.create(actor, requests, Source.API)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id());
            m.put("contact_id", r.contactId());
            m.put("company_id", r.companyId());
            m.put("request_id", List.of(r.requestId()));
            m.put("merged", false);
            result.add(m);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(result);
    }

    /** Removes {@code _embedded.<key>} from every lead and returns what each had (null for none), in order. */
    private static List<JsonNode> takeOut(JsonNode leads, String key) {
        List<JsonNode> taken = new ArrayList<>();
        for (JsonNode item : leads.isArray() ? leads : List.of(leads)) {
            JsonNode embedded = item.isObject() ? item.get("_embedded") : null;
            taken.add(embedded != null && embedded.isObject() ? ((ObjectNode) embedded).remove(key) : null);
        }
        return taken;
    }

    /** An existing contact or company is given by its id; a full model (maybe with "id": null) is created. */
    private static boolean isReference(In embedded) {
        return embedded != null && embedded.has("id") && !embedded.isNull("id");
    }

    /** The first (and only allowed) item of {@code _embedded.contacts} or {@code _embedded.companies}, or null. */
    private static In single(In lead, JsonNode list, String key, List<Problem> problems) {
        if (list == null || list.isNull()) {
            return null;
        }
        String path = lead.path("_embedded." + key);
        if (!list.isArray()) {
            problems.add(new Problem(lead.requestId(), path, "InvalidType", "Must be an array"));
            return null;
        }
        if (list.isEmpty()) {
            return null;
        }
        if (list.size() > 1) {
            problems.add(new Problem(lead.requestId(), path, "TooManyItems", "At most one item per lead"));
            return null;
        }
        if (!list.get(0).isObject()) {
            problems.add(new Problem(lead.requestId(), path + ".0", "InvalidType", "Must be an object"));
            return null;
        }
        return new In(list.get(0), lead.requestId(), path + ".0", problems);
    }

    /** Reads a nested model with paths relative to it, then files its problems under the lead's path. */
    private static <T> T nested(In lead, JsonNode node, String prefix, List<Problem> problems, java.util.function.Function<In, T> reader) {
        List<Problem> own = new ArrayList<>();
        In in = new In(node, lead.requestId(), "", own);
        T result = reader.apply(in);
        if (in.has("custom_fields_values") && node.get("custom_fields_values").isArray()
                && node.get("custom_fields_values").size() > MAX_FIELDS) {
            own.add(new Problem(lead.requestId(), "custom_fields_values", "TooManyItems", "At most " + MAX_FIELDS + " fields per entity"));
        }
        own.forEach(p -> problems.add(new Problem(p.requestId(), p.path().isEmpty() ? prefix : prefix + "." + p.path(), p.code(),
                p.detail())));
        return result;
    }
}
