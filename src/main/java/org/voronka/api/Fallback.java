package org.voronka.api;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.voronka.shared.NotFoundException;

/** Any other path under /api answers a problem+json 404 rather than an HTML page. */
@RestController
class Fallback {

    @RequestMapping("/api/**")
    void unknown() {
        throw new NotFoundException("no such endpoint or method");
    }
}
