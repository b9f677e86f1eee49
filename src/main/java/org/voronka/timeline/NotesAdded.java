package org.voronka.timeline;

import java.time.Instant;
import java.util.List;

/** Published inside the transaction that added notes (for webhooks and automation). */
public record NotesAdded(long accountId, long userId, Instant at, List<Note> notes) {}
