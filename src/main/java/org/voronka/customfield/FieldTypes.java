package org.voronka.customfield;

import java.util.List;

/** The field types Voronka offers and what each of them takes. */
public final class FieldTypes {

    /** Types a field can be created with, in the order the settings page offers them. */
    public static final List<String> CREATABLE = List.of("text", "textarea", "numeric", "price", "checkbox", "select",
            "multiselect", "radiobutton", "date", "date_time", "url", "multitext", "user");

    private FieldTypes() {}

    private static final java.util.Map<String, Integer> CODES = java.util.Map.ofEntries(java.util.Map.entry("text", 1),
            java.util.Map.entry("numeric", 2), java.util.Map.entry("checkbox", 3), java.util.Map.entry("select", 4),
            java.util.Map.entry("multiselect", 5), java.util.Map.entry("date", 6), java.util.Map.entry("url", 7),
            java.util.Map.entry("multitext", 8), java.util.Map.entry("textarea", 9), java.util.Map.entry("radiobutton", 10),
            java.util.Map.entry("streetaddress", 11), java.util.Map.entry("smart_address", 13), java.util.Map.entry("birthday", 14),
            java.util.Map.entry("legal_entity", 15), java.util.Map.entry("date_time", 19), java.util.Map.entry("price", 20),
            java.util.Map.entry("category", 21), java.util.Map.entry("monetary", 26));

    /** amoCRM's number of a field type, as events carry it ({@code field_type}); 0 for our own types (user). */
    public static int code(String type) {
        return CODES.getOrDefault(type, 0);
    }

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
