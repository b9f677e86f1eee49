package org.voronka.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.contact.PartyDuplicates;
import org.voronka.contact.PartyTrash;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException.Problem;
import tools.jackson.databind.ObjectMapper;

/**
 * Our extension for contacts and companies, as for leads: the trash. A deleted contact or company
 * keeps its links; restoring brings it back with them.
 */
@RestController
class PartyTrashApi {

    private final PartyTrash trash;
    private final ObjectMapper json;

    PartyTrashApi(PartyTrash trash, ObjectMapper json) {
        this.trash = trash;
        this.json = json;
    }

    /** Our extension: moves a contact or company to the trash. */
    @DeleteMapping("/api/v4/{entity:contacts|companies}/{id:\\d+}")
    ResponseEntity<Object> delete(Actor actor, @PathVariable String entity, @PathVariable long id) {
        trash.delete(actor, entity, List.of(id));
        return Hal.noContent();
    }

    /** Our extension: moves many to the trash; body {@code [{"id": …}, …]}, all or nothing. */
    @DeleteMapping("/api/v4/{entity:contacts|companies}")
    ResponseEntity<Object> deleteBatch(Actor actor, @PathVariable String entity, @RequestBody(required = false) byte[] body) {
        trash.delete(actor, entity, ids(body));
        return Hal.noContent();
    }

    /** Our extension: brings contacts or companies back from the trash with their links; body {@code [{"id": …}, …]}. */
    @PostMapping("/api/v4/{entity:contacts|companies}/restore")
    ResponseEntity<Object> restore(Actor actor, @PathVariable String entity, @RequestBody(required = false) byte[] body) {
        List<Long> ids = ids(body);
        trash.restore(actor, entity, ids);
        List<Object> items = new ArrayList<>();
        for (Long id : ids) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("_links", Hal.self("/api/v4/" + entity + "/" + id));
            items.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/" + entity), "_embedded", Map.of(entity, items)));
    }

    private List<Long> ids(byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<Long> ids = In.batch(Body.parse(json, body), problems, LeadApi.MAX_BATCH).stream()
                .map(in -> LeadApi.requiredId(in, "id")).toList();
        In.throwIfAny(problems);
        return ids;
    }

    /** {@code with=only_deleted}: the trash, most recently deleted first, in amoCRM's reduced form. */
    static ResponseEntity<Object> trashed(PartyTrash trash, Actor actor, String entity, int page, int limit) {
        List<org.voronka.contact.TrashedParty> rows = trash.trashed(actor.accountId(), entity, (page - 1) * limit, limit + 1);
        if (rows.isEmpty()) {
            return Hal.noContent();
        }
        boolean hasNext = rows.size() > limit;
        List<Object> items = new ArrayList<>();
        for (org.voronka.contact.TrashedParty t : hasNext ? rows.subList(0, limit) : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", t.id());
            m.put("name", t.name());
            m.put("is_deleted", true);
            m.put("deleted_at", org.voronka.shared.Times.seconds(t.deletedAt()));
            m.put("deleted_by", t.deletedBy());
            m.put("_links", Hal.self("/api/v4/" + entity + "/" + t.id()));
            items.add(m);
        }
        return Hal.ok(Hal.page(entity, items, page, null, hasNext));
    }

    /** Our extension on create: {@code possible_duplicates}, the others with the same phone, e-mail or (companies) name. */
    static void hints(Map<String, Object> item, String entity, List<PartyDuplicates.Duplicate> duplicates) {
        if (duplicates == null || duplicates.isEmpty()) {
            return;
        }
        List<Object> list = new ArrayList<>();
        for (PartyDuplicates.Duplicate d : duplicates) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("name", d.name());
            m.put("_links", Hal.self("/api/v4/" + entity + "/" + d.id()));
            list.add(m);
        }
        item.put("possible_duplicates", list);
    }
}
