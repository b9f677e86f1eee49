package org.voronka.task;

import java.time.Instant;

public record NewTask(String requestId, String entityType, Long entityId, Long taskTypeId, String text, Instant completeTill,
                      Integer duration, Long responsibleUserId, Long createdBy) {}
