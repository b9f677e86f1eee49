package org.voronka.customfield;

import java.util.List;

/**
 * A field definition of one entity type; {@code enums} is empty for fields without options.
 * {@code required} makes the field required in every stage, {@code requiredStatuses} in the
 * listed ones: a deal cannot enter such a stage while the field is empty. {@code settings} is
 * the field's settings object as JSON text (null when it has none). {@code hiddenStatuses}: the
 * stages in which a deal's card does not show the field (amoCRM's {@code hidden_statuses}).
 */
public record CustomField(long id, String entityType, String name, String code, String type, int sort, boolean predefined,
                          List<FieldEnum> enums, String groupId, boolean apiOnly, boolean deletable, boolean visible,
                          boolean required, List<StatusRef> requiredStatuses, List<StatusRef> hiddenStatuses, String settings,
                          String remind, String currency) {

    public record FieldEnum(long id, String value, String code, int sort) {}

    /** A stage, keyed by its pipeline as status ids 142 and 143 are shared by every pipeline. */
    public record StatusRef(long pipelineId, long statusId) {}

    public CustomField(long id, String entityType, String name, String code, String type, int sort, boolean predefined,
                       List<FieldEnum> enums) {
        this(id, entityType, name, code, type, sort, predefined, enums, null, false, !predefined, true, false, List.of(),
                List.of(), null, null, null);
    }

    /** Whether a deal entering the stage must have a value in this field. */
    public boolean requiredIn(long pipelineId, long statusId) {
        return required || listsStage(pipelineId, statusId);
    }

    /** Whether the stage is one of {@code requiredStatuses}. */
    public boolean listsStage(long pipelineId, long statusId) {
        return requiredStatuses.contains(new StatusRef(pipelineId, statusId));
    }

    /** Whether the card of a deal in the stage leaves the field out. */
    public boolean hiddenIn(long pipelineId, long statusId) {
        return hiddenStatuses.contains(new StatusRef(pipelineId, statusId));
    }

    public boolean hasEnums() {
        return FieldTypes.hasEnums(type);
    }
}
