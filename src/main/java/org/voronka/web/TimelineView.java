package org.voronka.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.voronka.pipeline.Pipeline;
import org.voronka.timeline.Timeline;
import org.voronka.timeline.TimelineEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A deal's timeline as sentences in the reader's language, oldest first. */
@Component
class TimelineView {

    record Entry(long id, Instant at, String author, String text, String kind) {}

    private final Timeline timeline;
    private final MessageSource messages;
    private final ObjectMapper json;

    TimelineView(Timeline timeline, MessageSource messages, ObjectMapper json) {
        this.timeline = timeline;
        this.messages = messages;
        this.json = json;
    }

    List<Entry> of(long accountId, long dealId, Map<Long, Pipeline> pipelines, Map<Long, String> users, Locale locale) {
        return timeline.ofEntity(accountId, "lead", dealId, 1000).stream()
                .map(e -> new Entry(e.id(), e.createdAt(), author(e, users, locale), text(e, pipelines, users, locale), e.type()))
                .toList();
    }

    private String author(TimelineEvent e, Map<Long, String> users, Locale locale) {
        return e.createdBy() == 0 ? msg(locale, "timeline.robot") : users.getOrDefault(e.createdBy(), "#" + e.createdBy());
    }

    private String text(TimelineEvent e, Map<Long, Pipeline> pipelines, Map<Long, String> users, Locale locale) {
        JsonNode before = first(e.valueBefore());
        JsonNode after = first(e.valueAfter());
        return switch (e.type()) {
            case "lead_added" -> msg(locale, "timeline.created");
            case "lead_status_changed" -> msg(locale, "timeline.stage", stage(before, pipelines), stage(after, pipelines));
            case "sale_field_changed" -> msg(locale, "timeline.price", before.at("/sale_field_value/sale").asString(""),
                    after.at("/sale_field_value/sale").asString(""));
            case "name_field_changed" -> msg(locale, "timeline.name", before.at("/name_field_value/name").asString(""),
                    after.at("/name_field_value/name").asString(""));
            case "entity_responsible_changed" -> msg(locale, "timeline.responsible",
                    user(before.at("/responsible_user/id").asLong(0), users), user(after.at("/responsible_user/id").asLong(0), users));
            case "entity_linked" -> msg(locale, "timeline.linked." + after.at("/link/entity/type").asString("entity"),
                    after.at("/link/entity/id").asString(""));
            case "entity_unlinked" -> msg(locale, "timeline.unlinked." + before.at("/unlink/entity/type").asString("entity"),
                    before.at("/unlink/entity/id").asString(""));
            default -> msg(locale, "timeline.other", e.type());
        };
    }

    private String stage(JsonNode value, Map<Long, Pipeline> pipelines) {
        long pipelineId = value.at("/lead_status/pipeline_id").asLong(0);
        long statusId = value.at("/lead_status/id").asLong(0);
        Pipeline p = pipelines.get(pipelineId);
        if (p == null) {
            return "#" + pipelineId + " / #" + statusId;
        }
        return p.name() + " / " + p.stage(statusId).map(s -> s.name()).orElse("#" + statusId);
    }

    private static String user(long id, Map<Long, String> users) {
        return users.getOrDefault(id, "#" + id);
    }

    private JsonNode first(String value) {
        try {
            JsonNode node = json.readTree(value == null ? "[]" : value);
            return node.isArray() && !node.isEmpty() ? node.get(0) : json.createObjectNode();
        } catch (RuntimeException e) {
            return json.createObjectNode();
        }
    }

    private String msg(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
