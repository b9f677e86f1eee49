package org.voronka.automation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rule attached to a stage. {@code waitForWorkingHours}: a run that would come due outside the
 * account's working hours waits for the next working window. {@code conditions} and each action are JSON-shaped maps, validated
 * when the rule is saved (see {@link AutomationManagement}). {@code triggerField}: for {@code field_changed} {@code price},
 * {@code name} or a lead custom field id, for {@code date_field} a date or date_time custom field id; {@code triggerValue}:
 * the value a field must change to (null: any change). For {@code date_field} {@code triggerMinutes} is the signed offset
 * from the date (negative: before it).
 */
public record Rule(long accountId, long id, long pipelineId, long statusId, String name, String trigger, Integer triggerMinutes,
                   Map<String, Object> conditions, int delayMinutes, List<Map<String, Object>> actions, int sort, boolean paused,
                   String flaggedReason, long createdBy, Instant createdAt, Instant updatedAt, boolean waitForWorkingHours,
                   String triggerField, String triggerValue) {

    public static final List<String> TRIGGERS = List.of("entered", "created", "stayed", "responsible_changed", "task_completed",
            "note_added", "field_changed", "date_field");

    public static final List<String> ACTIONS = List.of("create_task", "move", "set_responsible", "add_tags", "remove_tags",
            "add_note", "close_lost", "webhook", "copy", "notify", "send_email", "send_sms");
}
