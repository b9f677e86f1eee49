package org.voronka.contact;

import java.time.Instant;
import java.util.List;
import org.voronka.customfield.FieldWrite;
import org.voronka.tag.TagRef;

/** A company to create; every field but requestId may be null. */
public record NewCompany(
        String requestId,
        String name,
        Long responsibleUserId,
        Long createdBy,
        Long updatedBy,
        Instant createdAt,
        Instant updatedAt,
        List<TagRef> tags,
        List<FieldWrite> fields) {}
