package org.voronka.tag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.shared.Ids;
import org.voronka.shared.ValidationException;
import org.voronka.tag.internal.TagRepository;

/** Tag dictionaries and tag assignments of leads, contacts and companies. */
@Service
public class TagManagement {

    private final TagRepository repository;
    private final Ids ids;

    TagManagement(TagRepository repository, Ids ids) {
        this.repository = repository;
        this.ids = ids;
    }

    /**
     * Turns references into tag ids: ids must exist in the entity type's dictionary, names are
     * looked up case-insensitively and created when new.
     */
    @Transactional
    public List<Long> resolve(long accountId, String entityType, List<TagRef> refs, String requestId) {
        if (refs.isEmpty()) {
            return List.of();
        }
        Set<Long> wantedIds = new LinkedHashSet<>();
        refs.stream().filter(r -> r.id() != null).forEach(r -> wantedIds.add(r.id()));
        Set<Long> known = repository.existingIds(accountId, entityType, wantedIds);
        List<ValidationException.Problem> problems = new ArrayList<>();
        for (TagRef r : refs) {
            if (r.id() != null && !known.contains(r.id())) {
                problems.add(new ValidationException.Problem(requestId, r.path() + ".id", "NotSupportedChoice",
                        "Tag " + r.id() + " does not exist"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        List<Long> result = new ArrayList<>();
        Map<String, Long> byName = repository.idsByName(accountId, entityType,
                refs.stream().filter(r -> r.id() == null).map(r -> r.name().trim()).toList());
        for (TagRef r : refs) {
            if (r.id() != null) {
                result.add(r.id());
            } else {
                String name = r.name().trim();
                Long id = byName.get(name.toLowerCase(java.util.Locale.ROOT));
                if (id == null) {
                    id = ids.next("tag_seq");
                    repository.insert(accountId, entityType, id, name, null);
                    byName.put(name.toLowerCase(java.util.Locale.ROOT), id);
                }
                result.add(id);
            }
        }
        return result.stream().distinct().toList();
    }

    @Transactional(readOnly = true)
    public Map<Long, List<Tag>> tagsOf(long accountId, String entityType, Collection<Long> entityIds) {
        if (entityIds.isEmpty()) {
            return Map.of();
        }
        return repository.tagsOf(accountId, entityType, entityIds);
    }

    /** Replaces an entity's tags with the given ones. */
    @Transactional
    public void replace(long accountId, String entityType, long entityId, List<Long> tagIds) {
        repository.detachAll(accountId, entityType, entityId);
        repository.attach(accountId, entityType, entityId, tagIds);
    }

    @Transactional
    public void add(long accountId, String entityType, long entityId, List<Long> tagIds) {
        repository.attach(accountId, entityType, entityId, tagIds);
    }

    @Transactional
    public void remove(long accountId, String entityType, long entityId, List<Long> tagIds) {
        repository.detach(accountId, entityType, entityId, tagIds);
    }

    /** Tags attached to many entities at once, for batch creation. */
    @Transactional
    public void attachAll(long accountId, String entityType, Map<Long, List<Long>> tagIdsByEntity) {
        repository.attachBatch(accountId, entityType, new LinkedHashMap<>(tagIdsByEntity));
    }
}
