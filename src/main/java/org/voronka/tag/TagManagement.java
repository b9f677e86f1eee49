package org.voronka.tag;

import org.voronka.shared.EntitiesPurged;
import org.springframework.context.event.EventListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
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

    /** amoCRM's tag colours (leads only; no '#'). */
    public static final List<String> COLORS = List.of("EBEBEB", "D0D0D0", "F2DDF7", "D1A4DC", "FF8F92", "FFC8C8", "C7DB8C",
            "DDEBB5", "8699DA", "AABDFF", "FFCE5A", "FFE193", "90CDB0", "C6F4DE", "A9A5D7", "D8D5FF", "86C0FC", "832161", "6A0F49",
            "0C7C59", "10599D", "9D2B32", "247BA0");

    public record NewTag(String requestId, String name, String color) {}

    @Transactional(readOnly = true)
    public List<Tag> list(long accountId, String entityType, List<Long> ids, String exactName, String query, int offset, int limit) {
        return repository.list(accountId, entityType, ids, exactName, query, offset, limit);
    }

    /** Creates tags; a name that exists returns the existing tag (its colour updated when one is given). */
    @Transactional
    public List<Tag> create(long accountId, String entityType, List<NewTag> requests) {
        List<ValidationException.Problem> problems = new ArrayList<>();
        for (NewTag r : requests) {
            if (r.color() != null && (!"leads".equals(entityType) || !COLORS.contains(r.color().toUpperCase(java.util.Locale.ROOT)))) {
                problems.add(new ValidationException.Problem(r.requestId(), "color", "NotSupportedChoice",
                        "leads".equals(entityType) ? "The colour must be one of " + String.join(", ", COLORS)
                                : "Only lead tags have colours"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        List<Tag> result = new ArrayList<>();
        for (NewTag r : requests) {
            long id = resolve(accountId, entityType, List.of(new TagRef(null, r.name(), "name")), r.requestId()).get(0);
            String color = r.color() == null ? null : r.color().toUpperCase(java.util.Locale.ROOT);
            if (color != null) {
                repository.updateColor(accountId, id, color);
            }
            result.add(repository.list(accountId, entityType, List.of(id), null, null, 0, 1).get(0));
        }
        return result;
    }

    /** The whole dictionary of an entity type by name, each tag with its number of uses (one aggregate query). */
    @Transactional(readOnly = true)
    public List<TagUse> uses(long accountId, String entityType) {
        return repository.uses(accountId, entityType);
    }

    /** Renames a tag; the name must stay unique in the dictionary (case-insensitively). */
    @Transactional
    public Tag rename(Actor actor, String entityType, long id, String name) {
        requireAdmin(actor);
        Tag tag = require(actor.accountId(), entityType, id);
        String clean = name == null ? "" : name.trim();
        if (clean.isEmpty()) {
            throw ValidationException.of("0", "name", "NotBlank", "This value should not be blank.");
        }
        if (clean.length() > 255) {
            throw ValidationException.of("0", "name", "TooLong", "At most 255 characters");
        }
        Long other = repository.idsByName(actor.accountId(), entityType, List.of(clean)).get(clean.toLowerCase(java.util.Locale.ROOT));
        if (other != null && other != id) {
            throw ValidationException.of("0", "name", "NotUnique", "A tag named " + clean + " exists");
        }
        repository.rename(actor.accountId(), id, clean);
        return new Tag(tag.id(), clean, tag.color());
    }

    /** Sets a lead tag's colour (one of {@link #COLORS}) or clears it (null). */
    @Transactional
    public Tag recolor(Actor actor, String entityType, long id, String color) {
        requireAdmin(actor);
        Tag tag = require(actor.accountId(), entityType, id);
        String clean = color == null || color.isBlank() ? null : color.trim().toUpperCase(java.util.Locale.ROOT);
        if (clean != null && (!"leads".equals(entityType) || !COLORS.contains(clean))) {
            throw ValidationException.of("0", "color", "NotSupportedChoice", "The colour must be one of " + String.join(", ", COLORS));
        }
        repository.updateColor(actor.accountId(), id, clean);
        return new Tag(tag.id(), tag.name(), clean);
    }

    /** Deletes a tag from the dictionary and from every entity that carries it. */
    @Transactional
    public void delete(Actor actor, String entityType, long id) {
        requireAdmin(actor);
        require(actor.accountId(), entityType, id);
        repository.delete(actor.accountId(), entityType, id);
    }

    private Tag require(long accountId, String entityType, long id) {
        return repository.list(accountId, entityType, List.of(id), null, null, 0, 1).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("tag " + id));
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only an administrator may change tags");
        }
    }

    @EventListener
    void on(EntitiesPurged event) {
        repository.detachEntities(event.accountId(), event.entityType(), event.ids());
    }
}
