package org.voronka.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.deal.LossReason;
import org.voronka.deal.LossReasons;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException.Problem;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/leads/loss_reasons}. */
@RestController
class LossReasonApi {

    private final LossReasons reasons;
    private final ObjectMapper json;

    LossReasonApi(LossReasons reasons, ObjectMapper json) {
        this.reasons = reasons;
        this.json = json;
    }

    @GetMapping("/api/v4/leads/loss_reasons")
    ResponseEntity<Object> list(Actor actor) {
        List<Object> items = reasons.all(actor.accountId()).stream().map(r -> (Object) LeadJson.lossReason(r)).toList();
        return items.isEmpty() ? Hal.noContent() : Hal.ok(Hal.page("loss_reasons", items, 1, null, false));
    }

    @GetMapping("/api/v4/leads/loss_reasons/{id}")
    ResponseEntity<Object> get(Actor actor, @PathVariable long id) {
        return reasons.find(actor.accountId(), id).map(r -> Hal.ok(LeadJson.lossReason(r))).orElseGet(Hal::noContent);
    }

    @PostMapping("/api/v4/leads/loss_reasons")
    ResponseEntity<Object> create(Actor actor, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, 250);
        List<LossReasons.NewLossReason> requests = new ArrayList<>();
        for (In in : items) {
            String name = in.requiredString("name", 255);
            Long sort = in.integer("sort", 0, 1_000_000);
            requests.add(new LossReasons.NewLossReason(name == null ? null : name.trim(), sort == null ? null : sort.intValue()));
        }
        In.throwIfAny(problems);
        List<LossReason> created = reasons.create(actor, requests);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Map<String, Object> m = LeadJson.lossReason(created.get(i));
            m.put("request_id", items.get(i).requestId());
            result.add(m);
        }
        return Hal.ok(Map.of("_links", Hal.self("/api/v4/leads/loss_reasons"), "_embedded", Map.of("loss_reasons", result)));
    }

    @PatchMapping("/api/v4/leads/loss_reasons/{id}")
    ResponseEntity<Object> patch(Actor actor, @PathVariable long id, @RequestBody(required = false) byte[] body) {
        List<Problem> problems = new ArrayList<>();
        In in = In.single(Body.parse(json, body), problems);
        String name = in.string("name", 255);
        if (name != null && name.isBlank()) {
            in.problem("name", "NotBlank", "This value should not be blank.");
        }
        Long sort = in.integer("sort", 0, 1_000_000);
        In.throwIfAny(problems);
        return Hal.ok(LeadJson.lossReason(reasons.update(actor, id, name == null ? null : name.trim(),
                sort == null ? null : sort.intValue())));
    }

    @DeleteMapping("/api/v4/leads/loss_reasons/{id}")
    ResponseEntity<Object> delete(Actor actor, @PathVariable long id) {
        reasons.delete(actor, id, org.voronka.shared.Source.API);
        return Hal.noContent();
    }
}
