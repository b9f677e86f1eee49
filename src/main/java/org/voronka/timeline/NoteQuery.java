package org.voronka.timeline;

import java.time.Instant;
import java.util.List;

public record NoteQuery(String entityType, List<Long> ids, List<Long> entityIds, List<String> noteTypes, Instant updatedFrom,
                        Instant updatedTo, boolean orderByUpdated, boolean descending, int offset, int limit) {}
