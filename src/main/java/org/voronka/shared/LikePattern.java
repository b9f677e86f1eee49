package org.voronka.shared;

import java.util.Locale;

/** A case-insensitive "contains" pattern for {@code lower(column) like :p escape '\'}, with the user's % and _ taken literally. */
public final class LikePattern {

    public static final String ESCAPE = " escape '\\'";

    private LikePattern() {}

    public static String contains(String text) {
        return "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
