package org.voronka.timeline;

import java.util.Map;

public record NewNote(String requestId, String entityType, long entityId, String noteType, Map<String, Object> params,
                      Long responsibleUserId, Long createdBy) {}
