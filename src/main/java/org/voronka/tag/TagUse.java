package org.voronka.tag;

/** A tag of the dictionary and how many entities carry it. */
public record TagUse(Tag tag, long count) {}
