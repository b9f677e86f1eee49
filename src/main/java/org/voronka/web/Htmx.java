package org.voronka.web;

import jakarta.servlet.http.HttpServletRequest;

/** What htmx tells about a request in its headers. */
final class Htmx {

    private Htmx() {}

    static boolean isHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request")) && !"true".equals(request.getHeader("HX-History-Restore-Request"));
    }

    static boolean targets(HttpServletRequest request, String id) {
        return isHtmx(request) && id.equals(request.getHeader("HX-Target"));
    }
}
