package org.voronka.customfield;

import java.util.List;

/** The field types Voronka offers and what each of them takes. */
public final class FieldTypes {

    /** Types a field can be created with, in the order the settings page offers them. */
    public static final List<String> CREATABLE = List.of("text", "textarea", "numeric", "price", "checkbox", "select",
            "multiselect", "radiobutton", "date", "date_time", "url", "multitext", "user");

    private FieldTypes() {}

    public static boolean hasEnums(String type) {
        return switch (type) {
            case "select", "multiselect", "radiobutton", "multitext", "category", "smart_address" -> true;
            default -> false;
        };
    }

    /** Several values per field (select-like types keep one). */
    public static boolean isMulti(String type) {
        return switch (type) {
            case "multitext", "multiselect", "smart_address", "category" -> true;
            default -> false;
        };
    }

    /** Values compared as numbers in filters: ranges and exact numbers. */
    public static boolean isNumeric(String type) {
        return switch (type) {
            case "numeric", "price", "monetary", "date", "date_time", "birthday", "user" -> true;
            default -> false;
        };
    }

    /** Select-like types store the option's text as the value, so a renamed option renames its values. */
    public static boolean textFollowsOption(String type) {
        return switch (type) {
            case "select", "multiselect", "radiobutton", "category" -> true;
            default -> false;
        };
    }

    public static boolean isDate(String type) {
        return switch (type) {
            case "date", "date_time", "birthday" -> true;
            default -> false;
        };
    }
}
