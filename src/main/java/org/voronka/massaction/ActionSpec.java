package org.voronka.massaction;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.voronka.customfield.FieldWrite.ValueWrite;
import org.voronka.tag.TagRef;

/**
 * What a mass action does to each deal. Only the fields of its kind are used: a stage
 * ({@code pipelineId} optional: the deal's own pipeline), a responsible user, tags, a loss reason
 * for {@link Kind#LOST}, the task to create ({@code responsibleUserId} null: the deal's
 * responsible user), the custom field to set ({@code fieldValues}, as {@code custom_fields_values}
 * takes them) or clear, or the deal that survives a merge ({@code survivorId} null: the oldest).
 */
public record ActionSpec(
        Kind kind,
        Long pipelineId,
        Long statusId,
        Long responsibleUserId,
        Long lossReasonId,
        List<TagRef> tags,
        Long taskTypeId,
        String taskText,
        Instant taskDeadline,
        Long fieldId,
        List<ValueWrite> fieldValues,
        Long survivorId) {

    public ActionSpec(Kind kind, Long pipelineId, Long statusId, Long responsibleUserId, Long lossReasonId, List<TagRef> tags,
                      Long taskTypeId, String taskText, Instant taskDeadline) {
        this(kind, pipelineId, statusId, responsibleUserId, lossReasonId, tags, taskTypeId, taskText, taskDeadline, null, null, null);
    }

    public enum Kind {
        STAGE, RESPONSIBLE, ADD_TAGS, REMOVE_TAGS, WON, LOST, DELETE, TASK, SET_FIELD, CLEAR_FIELD, MERGE,
        /** Reverts another mass action (started by {@link MassActions#undo}). */
        UNDO;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> of(String code) {
            for (Kind k : values()) {
                if (k != UNDO && k.code().equalsIgnoreCase(code)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }

        /** Whether a finished run of this kind can be undone. */
        public boolean undoable() {
            return this != TASK && this != UNDO;
        }
    }

    public static ActionSpec stage(Long pipelineId, long statusId) {
        return new ActionSpec(Kind.STAGE, pipelineId, statusId, null, null, null, null, null, null);
    }

    public static ActionSpec responsible(long userId) {
        return new ActionSpec(Kind.RESPONSIBLE, null, null, userId, null, null, null, null, null);
    }

    public static ActionSpec tags(boolean add, List<TagRef> tags) {
        return new ActionSpec(add ? Kind.ADD_TAGS : Kind.REMOVE_TAGS, null, null, null, null, tags, null, null, null);
    }

    public static ActionSpec won() {
        return new ActionSpec(Kind.WON, null, null, null, null, null, null, null, null);
    }

    public static ActionSpec lost(Long lossReasonId) {
        return new ActionSpec(Kind.LOST, null, null, null, lossReasonId, null, null, null, null);
    }

    public static ActionSpec delete() {
        return new ActionSpec(Kind.DELETE, null, null, null, null, null, null, null, null);
    }

    public static ActionSpec task(Long typeId, String text, Instant deadline, Long responsibleUserId) {
        return new ActionSpec(Kind.TASK, null, null, responsibleUserId, null, null, typeId, text, deadline);
    }

    /** Sets the field to the values on every deal (validated like {@code custom_fields_values}). */
    public static ActionSpec setField(long fieldId, List<ValueWrite> values) {
        return new ActionSpec(Kind.SET_FIELD, null, null, null, null, null, null, null, null, fieldId, values, null);
    }

    public static ActionSpec clearField(long fieldId) {
        return new ActionSpec(Kind.CLEAR_FIELD, null, null, null, null, null, null, null, null, fieldId, null, null);
    }

    /** Merges the deals into one: {@code survivorId}, or when null the oldest of them. */
    public static ActionSpec merge(Long survivorId) {
        return new ActionSpec(Kind.MERGE, null, null, null, null, null, null, null, null, null, null, survivorId);
    }
}
