package org.voronka.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * HAL envelopes and absolute links built from the request's scheme and Host (and the
 * X-Forwarded-* headers behind a proxy).
 */
final class Hal {

    static final MediaType HAL_JSON = MediaType.parseMediaType("application/hal+json");

    private Hal() {}

    static String base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }

    static Map<String, Object> self(String path) {
        return Map.of("self", Map.of("href", base() + path));
    }

    static String currentUrl() {
        return ServletUriComponentsBuilder.fromCurrentRequest().build().toUriString();
    }

    static ResponseEntity<Object> ok(Object body) {
        return ResponseEntity.ok().contentType(HAL_JSON).body(body);
    }

    static ResponseEntity<Object> noContent() {
        return ResponseEntity.noContent().build();
    }

    /** {@code {_page, _links{self, next?, first, prev?}, _embedded{key: items}}} */
    static Map<String, Object> page(String key, List<?> items, int page, String nextCursor, boolean hasNext) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("_page", page);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("self", Map.of("href", currentUrl()));
        if (hasNext) {
            var next = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page + 1);
            if (nextCursor != null) {
                next.replaceQueryParam("cursor", nextCursor);
            }
            links.put("next", Map.of("href", next.build().toUriString()));
        }
        links.put("first", Map.of("href", ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", 1)
                .replaceQueryParam("cursor").build().toUriString()));
        if (page > 1) {
            links.put("prev", Map.of("href", ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page - 1)
                    .replaceQueryParam("cursor").build().toUriString()));
        }
        body.put("_links", links);
        body.put("_embedded", Map.of(key, items));
        return body;
    }

    /** Small collections (pipelines, statuses, links) carry {@code _total_items} instead of a page. */
    static Map<String, Object> collection(String key, List<?> items) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("_total_items", items.size());
        body.put("_links", Map.of("self", Map.of("href", currentUrl())));
        body.put("_embedded", Map.of(key, items));
        return body;
    }
}
