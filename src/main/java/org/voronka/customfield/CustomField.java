package org.voronka.customfield;

import java.util.List;

/** A field definition of one entity type; {@code enums} is empty for fields without options. */
public record CustomField(long id, String entityType, String name, String code, String type, int sort, boolean predefined,
                          List<FieldEnum> enums) {

    public record FieldEnum(long id, String value, String code, int sort) {}
}
