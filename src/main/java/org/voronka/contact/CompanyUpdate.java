package org.voronka.contact;

import java.time.Instant;
import java.util.List;
import org.voronka.customfield.FieldWrite;
import org.voronka.tag.TagRef;

/** A partial update of a company, with the same conventions as {@link ContactUpdate}. */
public record CompanyUpdate(
        String requestId,
        long id,
        String name,
        Long responsibleUserId,
        Long updatedBy,
        Instant updatedAt,
        List<TagRef> replaceTags,
        List<TagRef> tagsToAdd,
        List<TagRef> tagsToDelete,
        List<FieldWrite> fields) implements PartyUpdate {}
