package org.voronka.tag;

/** A tag; {@code color} is a hex colour without '#', or null. */
public record Tag(long id, String name, String color) {}
