package org.voronka.contact;

import java.time.Instant;
import java.util.List;
import org.voronka.customfield.FieldWrite;
import org.voronka.tag.TagRef;

/** What a contact update and a company update carry alike; null leaves a part as it is. */
public interface PartyUpdate {

    String requestId();

    long id();

    String name();

    Long responsibleUserId();

    Long updatedBy();

    Instant updatedAt();

    List<TagRef> replaceTags();

    List<TagRef> tagsToAdd();

    List<TagRef> tagsToDelete();

    List<FieldWrite> fields();
}
