package org.voronka.webhook.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * amoCRM's webhook body: {@code application/x-www-form-urlencoded} with PHP-style nested keys
 * ({@code leads[status][0][id]=1}); every value is a string, nulls are left out.
 */
final class FormBody {

    private final StringJoiner out = new StringJoiner("&");

    /** Adds a value under {@code key}; maps and lists nest as {@code key[name]} and {@code key[index]}. */
    FormBody put(String key, Object value) {
        if (value == null) {
            return this;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> put(key + "[" + k + "]", v));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                put(key + "[" + i + "]", list.get(i));
            }
        } else {
            out.add(encode(key) + "=" + encode(value.toString()));
        }
        return this;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
