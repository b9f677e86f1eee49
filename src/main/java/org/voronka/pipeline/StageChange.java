package org.voronka.pipeline;

/** A partial update of a stage; null means unchanged. */
public record StageChange(String name, Integer sort, String color) {}
