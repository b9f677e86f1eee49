package org.voronka.customfield;

import java.util.List;
import org.voronka.customfield.CustomField.StatusRef;

/**
 * A field to create, or the changes of one field ({@code id} given): null parts are left as
 * they are. {@code codeGiven}/{@code groupGiven}/{@code settingsGiven} tell an explicit null
 * (clear) from an absent part. {@code enums}, when given, is the whole new list of options:
 * options with an id are kept (and changed), the others created, missing ones deleted.
 */
public record FieldSpec(String requestId, Long id, String name, String type, String code, boolean codeGiven, Integer sort,
                        String groupId, boolean groupGiven, Boolean apiOnly, Boolean required, Boolean visible,
                        List<StatusRef> requiredStatuses, List<StatusRef> hiddenStatuses, List<EnumSpec> enums, String settings,
                        boolean settingsGiven, String remind, String currency) {

    /** An option as sent; {@code path} is where it sits in the request (e.g. {@code enums.2}). */
    public record EnumSpec(Long id, String value, String code, Integer sort, String path) {}
}
