package org.voronka.tag;

/** A tag named in a request: by id, or by name (created when missing). */
public record TagRef(Long id, String name, String path) {}
