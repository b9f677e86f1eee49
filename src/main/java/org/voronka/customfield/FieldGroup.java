package org.voronka.customfield;

/** A group of fields (a tab of the card); ids are strings as in amoCRM, e.g. {@code leads_12}. */
public record FieldGroup(String id, String entityType, String name, int sort) {}
