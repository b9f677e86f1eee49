package org.voronka.pipeline;

/**
 * A partial update of a stage; null means unchanged. {@code targetSeconds} sets the target
 * duration; {@code clearTarget} removes it.
 */
public record StageChange(String name, Integer sort, String color, Long targetSeconds, boolean clearTarget) {

    public StageChange(String name, Integer sort, String color) {
        this(name, sort, color, null, false);
    }
}
