package org.voronka.contact;

import java.time.Instant;
import java.util.List;
import org.voronka.customfield.FieldWrite;
import org.voronka.tag.TagRef;

/**
 * A partial update of a contact; null fields stay as they are. {@code replaceTags} (possibly
 * empty) replaces all tags; {@code fields} null leaves every custom field unchanged.
 */
public record ContactUpdate(
        String requestId,
        long id,
        String name,
        String firstName,
        String lastName,
        Long responsibleUserId,
        Long updatedBy,
        Instant updatedAt,
        List<TagRef> replaceTags,
        List<TagRef> tagsToAdd,
        List<TagRef> tagsToDelete,
        List<FieldWrite> fields) implements PartyUpdate {}
