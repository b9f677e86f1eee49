package org.voronka.automation;

import java.util.List;
import java.util.Map;

/** A rule to save; on update, null fields keep their values. */
public record RuleDraft(String requestId, Long id, String name, Long pipelineId, Long statusId, String trigger, Integer triggerMinutes,
                        Map<String, Object> conditions, Integer delayMinutes, List<Map<String, Object>> actions, Integer sort,
                        Boolean paused, Boolean waitForWorkingHours, String triggerField, String triggerValue) {

    public RuleDraft(String requestId, Long id, String name, Long pipelineId, Long statusId, String trigger, Integer triggerMinutes,
                     Map<String, Object> conditions, Integer delayMinutes, List<Map<String, Object>> actions, Integer sort,
                     Boolean paused) {
        this(requestId, id, name, pipelineId, statusId, trigger, triggerMinutes, conditions, delayMinutes, actions, sort, paused, null,
                null, null);
    }
}
