package org.voronka.api;

import jakarta.servlet.http.HttpServletRequest;

/** The entity type a shared endpoint was called for: /api/v4/{leads|contacts|companies}/… */
final class EntityPath {

    private EntityPath() {}

    static String of(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.startsWith("/api/v4/contacts/") ? "contacts" : path.startsWith("/api/v4/companies/") ? "companies" : "leads";
    }
}
