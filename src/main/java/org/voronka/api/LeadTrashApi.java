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
import org.voronka.deal.Deal;
import org.voronka.deal.DealMerge;
import org.voronka.deal.DealTrash;
import org.voronka.deal.MergeRequest;
import org.voronka.deal.MergeResult;
import org.voronka.shared.Actor;
import org.voronka.shared.Source;
import org.voronka.shared.ValidationException.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Our extensions for leads that amoCRM has no public endpoint for: the trash and merging. */
@RestController
class LeadTrashApi {

    private static final int MAX_BATCH = LeadApi.MAX_BATCH;

    private final DealTrash trash;
    private final DealMerge merge;
    private final ObjectMapper json;

    LeadTrashApi(DealTrash trash, DealMerge merge, ObjectMapper json) {
        this.trash = trash;
        this.merge = merge;
        this.json = json;
    }

    /** Our extension: moves a deal to the trash (amoCRM has no public delete). */
    @DeleteMapping("/api/v4/leads/{id}")
    ResponseEntity<Object> delete(Actor actor, @PathVariable long id) {
        trash.delete(actor, List.of(id), Source.API);
        return Hal.noContent();
    }

    /** Our extension: moves many deals to the trash; body {@code [{"id": …}, …]}, all or nothing. */
    @DeleteMapping("/api/v4/leads")
    ResponseEntity<Object> deleteBatch(Actor actor, @RequestBody(required = false) byte[] body) {
        trash.delete(actor, ids(body), Source.API);
        return Hal.noContent();
    }

    /** Our extension: brings deals back from the trash exactly as they were; body {@code [{"id": …}, …]}. */
    @PostMapping("/api/v4/leads/restore")
    ResponseEntity<Object> restore(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, MAX_BATCH);
        List<Long> ids = items.stream().map(in -> LeadApi.requiredId(in, "id")).toList();
        In.throwIfAny(problems);
        List<Deal> restored = trash.restore(actor, ids, Source.API);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < restored.size(); i++) {
            Map<String, Object> m = LeadApi.patched(restored.get(i));
            m.put("request_id", items.get(i).requestId());
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/leads"), "_embedded", Map.of("leads", result)));
    }

    private List<Long> ids(byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<Long> ids = In.batch(Body.parse(json, body), problems, MAX_BATCH).stream().map(in -> LeadApi.requiredId(in, "id")).toList();
        In.throwIfAny(problems);
        return ids;
    }

    /** Our extension: merges deals into a survivor with the values chosen field by field, custom fields included. */
    @PostMapping("/api/v4/leads/merge")
    ResponseEntity<Object> merge(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        Long survivor = LeadApi.requiredId(in, "id");
        List<Long> others = new ArrayList<>();
        JsonNode list = in.node().get("merge_ids");
        if (list == null || !list.isArray() || list.isEmpty()) {
            in.problem("merge_ids", "NotBlank", "An array of the ids of the deals to merge into the survivor");
        } else {
            for (int i = 0; i < list.size(); i++) {
                if (!list.get(i).isIntegralNumber() || !list.get(i).canConvertToLong() || list.get(i).longValue() < 1) {
                    in.problem("merge_ids." + i, "InvalidType", "Must be a deal id");
                } else {
                    others.add(list.get(i).longValue());
                }
            }
            if (list.size() > 50) {
                in.problem("merge_ids", "TooManyItems", "At most 50 deals per merge");
            }
        }
        MergeRequest request = new MergeRequest(survivor == null ? 0 : survivor, others, in.string("name", 255), in.price("price"),
                in.id("pipeline_id"), in.id("status_id"), in.id("responsible_user_id"), in.id("company_id"), PartyInput.fields(in));
        In.throwIfAny(problems);
        return Hal.ok(merged(merge.merge(actor, request, Source.API)));
    }

    /** Our extension: undoes a merge, bringing every deal back as it was before. */
    @PostMapping("/api/v4/leads/merge/{mergeId}/undo")
    ResponseEntity<Object> undoMerge(Actor actor, @PathVariable long mergeId) {
        return Hal.ok(merged(merge.undo(actor, mergeId, Source.API)));
    }

    private static Map<String, Object> merged(MergeResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.mergeId());
        m.put("survivor_id", r.survivorId());
        m.put("merged_ids", r.mergedIds());
        m.put("_links", Map.of("self", Map.of("href", Hal.base() + "/api/v4/leads/" + r.survivorId()),
                "undo", Map.of("href", Hal.base() + "/api/v4/leads/merge/" + r.mergeId() + "/undo")));
        return m;
    }
}
