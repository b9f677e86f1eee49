package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.shared.Actor;
import org.voronka.shared.ValidationException.Problem;
import org.voronka.tag.Tag;
import org.voronka.tag.TagManagement;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v4/{leads|contacts|companies}/tags}: one dictionary per entity type. */
@RestController
class TagApi {

    private final TagManagement tags;
    private final ObjectMapper json;

    TagApi(TagManagement tags, ObjectMapper json) {
        this.tags = tags;
        this.json = json;
    }

    @GetMapping({"/api/v4/leads/tags", "/api/v4/contacts/tags", "/api/v4/companies/tags"})
    ResponseEntity<Object> list(Actor actor, HttpServletRequest request) {
        Params params = Params.of(request.getParameterMap());
        int limit = params.get("limit").intValue(50, 1, 250);
        int page = params.get("page").intValue(1, 1, 1_000_000);
        Params f = params.get("filter");
        List<Tag> rows = tags.list(actor.accountId(), EntityPath.of(request), f.get("id").longs(), f.get("name").first(),
                params.get("query").first(), (page - 1) * limit, limit);
        if (rows.isEmpty()) {
            return Hal.noContent();
        }
        boolean hasNext = rows.size() > limit;
        return Hal.ok(Hal.page("tags", LeadJson.tags(rows.stream().limit(limit).toList()), page, null, hasNext));
    }

    @PostMapping({"/api/v4/leads/tags", "/api/v4/contacts/tags", "/api/v4/companies/tags"})
    ResponseEntity<Object> create(Actor actor, @RequestBody(required = false) byte[] body, HttpServletRequest request) {
        List<Problem> problems = new ArrayList<>();
        List<In> items = In.batch(Body.parse(json, body), problems, 250);
        List<TagManagement.NewTag> requests = new ArrayList<>();
        for (In in : items) {
            String name = in.requiredString("name", 255);
            requests.add(new TagManagement.NewTag(in.requestId(), name == null ? null : name.trim(), in.string("color", 6)));
        }
        In.throwIfAny(problems);
        List<Tag> created = tags.create(actor.accountId(), EntityPath.of(request), requests);
        List<Object> result = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", created.get(i).id());
            m.put("name", created.get(i).name());
            m.put("color", created.get(i).color());
            m.put("request_id", requests.get(i).requestId());
            result.add(m);
        }
        return Hal.ok(Hal.collection("tags", result));
    }

}
