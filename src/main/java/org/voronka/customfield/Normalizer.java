package org.voronka.customfield;

import java.util.Locale;

/**
 * The searchable form of a value, used to find duplicates: phones become digits (Russian numbers
 * written with 8 or +7, or without the country code, all start with 7), e-mails lower case.
 */
final class Normalizer {

    static final int MAX = 255;

    private Normalizer() {}

    /** Null when the value cannot be a value of that field (a phone without digits). */
    static String of(String fieldCode, String text) {
        if ("PHONE".equalsIgnoreCase(fieldCode)) {
            return phone(text);
        }
        return lower(text);
    }

    static String phone(String text) {
        String digits = text.replaceAll("\\D", "");
        if (digits.isEmpty()) {
            return null;
        }
        if (digits.length() == 11 && digits.charAt(0) == '8') {
            digits = "7" + digits.substring(1);
        } else if (digits.length() == 10 && digits.charAt(0) == '9') {
            digits = "7" + digits;
        }
        return cut(digits);
    }

    static String lower(String text) {
        return cut(text.trim().toLowerCase(Locale.ROOT));
    }

    private static String cut(String s) {
        return s.length() > MAX ? s.substring(0, MAX) : s;
    }
}
