package org.voronka.contact;

import java.util.List;
import org.voronka.tag.TagManagement;
import org.voronka.tag.TagRef;

/** amoCRM's tag semantics on update: {@code _embedded.tags} replaces, then tags_to_add and tags_to_delete. */
final class PartyTags {

    private PartyTags() {}

    static void apply(TagManagement tags, long accountId, String entityType, long id, String rid, List<TagRef> replace,
                      List<TagRef> toAdd, List<TagRef> toDelete) {
        if (replace != null) {
            tags.replace(accountId, entityType, id, tags.resolve(accountId, entityType, replace, rid));
        }
        if (toAdd != null && !toAdd.isEmpty()) {
            tags.add(accountId, entityType, id, tags.resolve(accountId, entityType, toAdd, rid));
        }
        if (toDelete != null && !toDelete.isEmpty()) {
            tags.remove(accountId, entityType, id, tags.resolve(accountId, entityType, toDelete, rid));
        }
    }
}
