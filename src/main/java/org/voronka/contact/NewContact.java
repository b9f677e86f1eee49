package org.voronka.contact;

import java.time.Instant;
import java.util.List;
import org.voronka.customfield.FieldWrite;
import org.voronka.tag.TagRef;

/**
 * A contact to create; every field but requestId may be null. Without a name the name is made
 * of first and last name. {@code companyId} links the new contact to an existing company.
 */
public record NewContact(
        String requestId,
        String name,
        String firstName,
        String lastName,
        Long responsibleUserId,
        Long createdBy,
        Long updatedBy,
        Instant createdAt,
        Instant updatedAt,
        List<TagRef> tags,
        List<FieldWrite> fields,
        Long companyId) {}
