package org.voronka.task;

import java.time.Instant;

/** A partial update of a task; null means unchanged. Completing takes {@code completed=true} and an optional result. */
public record TaskChange(String requestId, long id, Long taskTypeId, String text, Instant completeTill, Integer duration,
                         Long responsibleUserId, Boolean completed, String result) {}
