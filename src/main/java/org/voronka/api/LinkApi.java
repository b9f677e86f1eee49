package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.link.EntityLinks;
import org.voronka.link.Link;
import org.voronka.link.LinkRequest;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException;
import org.voronka.shared.ValidationException.Problem;
import tools.jackson.databind.ObjectMapper;

/**
 * Entity links of leads, contacts and companies: {@code /{entity}/{id}/links|link|unlink} and the
 * mass forms {@code /{entity}/links|link|unlink} with {@code entity_id} per item. Paths are
 * spelled out per entity so they never compete with {@code /{entity}/{id}}.
 */
@RestController
class LinkApi {

    static final int MAX_LINKS = 250;

    private final EntityLinks links;
    private final ObjectMapper json;

    LinkApi(EntityLinks links, ObjectMapper json) {
        this.links = links;
        this.json = json;
    }

    @GetMapping({"/api/v4/leads/{id}/links", "/api/v4/contacts/{id}/links", "/api/v4/companies/{id}/links"})
    ResponseEntity<Object> linksOfOne(Actor actor, @PathVariable long id, HttpServletRequest request) {
        String entity = EntityPath.of(request);
        List<Link> found = filtered(links.linksOf(actor.accountId(), entity, List.of(id)).getOrDefault(id, List.of()), request);
        return found.isEmpty() ? Hal.noContent()
                : Hal.ok(Hal.collection("links", found.stream().map(l -> (Object) json(l, false)).toList()));
    }

    @GetMapping({"/api/v4/leads/links", "/api/v4/contacts/links", "/api/v4/companies/links"})
    ResponseEntity<Object> linksOfMany(Actor actor, HttpServletRequest request) {
        String entity = EntityPath.of(request);
        List<Long> ids = Params.of(request.getParameterMap()).get("filter").get("entity_id").longs();
        if (ids.isEmpty()) {
            throw ValidationException.of("0", "filter[entity_id]", "NotBlank", "filter[entity_id] is required");
        }
        if (ids.size() > MAX_LINKS) {
            throw ValidationException.of("0", "filter[entity_id]", "TooManyItems", "At most " + MAX_LINKS + " entities");
        }
        List<Link> found = new ArrayList<>();
        links.linksOf(actor.accountId(), entity, ids).values().forEach(found::addAll);
        found = filtered(found, request);
        return found.isEmpty() ? Hal.noContent()
                : Hal.ok(Hal.collection("links", found.stream().map(l -> (Object) json(l, true)).toList()));
    }

    @PostMapping({"/api/v4/leads/{id}/link", "/api/v4/contacts/{id}/link", "/api/v4/companies/{id}/link"})
    ResponseEntity<Object> linkOne(Actor actor, @PathVariable long id, HttpServletRequest request,
                                   @RequestBody(required = false) byte[] body) {
        return linked(links.link(actor, requests(EntityPath.of(request), id, body)));
    }

    @PostMapping({"/api/v4/leads/link", "/api/v4/contacts/link", "/api/v4/companies/link"})
    ResponseEntity<Object> linkMany(Actor actor, HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        return linked(links.link(actor, requests(EntityPath.of(request), null, body)));
    }

    @PostMapping({"/api/v4/leads/{id}/unlink", "/api/v4/contacts/{id}/unlink", "/api/v4/companies/{id}/unlink"})
    ResponseEntity<Object> unlinkOne(Actor actor, @PathVariable long id, HttpServletRequest request,
                                     @RequestBody(required = false) byte[] body) {
        links.unlink(actor, requests(EntityPath.of(request), id, body));
        return Hal.noContent();
    }

    @PostMapping({"/api/v4/leads/unlink", "/api/v4/contacts/unlink", "/api/v4/companies/unlink"})
    ResponseEntity<Object> unlinkMany(Actor actor, HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        links.unlink(actor, requests(EntityPath.of(request), null, body));
        return Hal.noContent();
    }

    private static ResponseEntity<Object> linked(List<Link> result) {
        return Hal.ok(Hal.collection("links", result.stream().map(l -> (Object) json(l, true)).toList()));
    }

    /** Items {to_entity_id, to_entity_type, metadata{is_main}}; {@code entity_id} per item when the path has no id. */
    private List<LinkRequest> requests(String entity, Long pathId, byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, MAX_LINKS);
        List<LinkRequest> result = new ArrayList<>();
        for (In in : items) {
            Long entityId = pathId != null ? pathId : PartyInput.requiredId(in, "entity_id");
            Long to = PartyInput.requiredId(in, "to_entity_id");
            String toType = in.requiredString("to_entity_type", 64);
            In metadata = in.object("metadata");
            Boolean main = metadata == null ? null : metadata.bool("is_main");
            if (main == null && metadata != null) {
                main = metadata.bool("main_contact");
            }
            if (entityId != null && to != null && toType != null) {
                result.add(new LinkRequest(in.requestId(), entity, entityId, toType, to, Boolean.TRUE.equals(main)));
            }
        }
        In.throwIfAny(problems);
        return result;
    }

    private static List<Link> filtered(List<Link> found, HttpServletRequest request) {
        Params f = Params.of(request.getParameterMap()).get("filter");
        List<Long> toIds = f.get("to_entity_id").longs();
        List<String> toTypes = f.get("to_entity_type").all();
        return found.stream().filter(l -> toIds.isEmpty() || toIds.contains(l.toEntityId()))
                .filter(l -> toTypes.isEmpty() || toTypes.contains(l.toEntityType())).toList();
    }

    /** The main-contact flag is written as {@code is_main} but read as {@code metadata.main_contact}; company links have no metadata. */
    private static Map<String, Object> json(Link l, boolean withEntity) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (withEntity) {
            m.put("entity_id", l.entityId());
            m.put("entity_type", l.entityType());
        }
        m.put("to_entity_id", l.toEntityId());
        m.put("to_entity_type", l.toEntityType());
        m.put("metadata", l.mainContact() == null ? null : Map.of("main_contact", l.mainContact()));
        return m;
    }
}
