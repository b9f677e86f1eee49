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

    /** amoCRM's numeric code of a field type (as events give it in {@code field_type}); 0 for types amoCRM lacks. */
    public static int code(String type) {
        return switch (type) {
            case "text" -> 1;
            case "numeric" -> 2;
            case "checkbox" -> 3;
            case "select" -> 4;
            case "multiselect" -> 5;
            case "date" -> 6;
            case "url" -> 7;
            case "multitext" -> 8;
            case "textarea" -> 9;
            case "radiobutton" -> 10;
            case "streetaddress" -> 11;
            case "smart_address" -> 13;
            case "birthday" -> 14;
            case "legal_entity" -> 15;
            case "date_time" -> 19;
            case "price" -> 20;
            case "category" -> 21;
            case "monetary" -> 26;
            default -> 0;
        };
    }
}
