package org.voronka.pipeline;

/**
 * A partial update of a stage; null means unchanged. {@code targetSeconds} sets the target
 * duration; {@code clearTarget} removes it. {@code winProbability} sets the win probability in
 * percent; {@code clearProbability} removes it.
 */
public record StageChange(String name, Integer sort, String color, Long targetSeconds, boolean clearTarget, Integer winProbability,
                          boolean clearProbability) {

    public StageChange(String name, Integer sort, String color) {
        this(name, sort, color, null, false, null, false);
    }

    public StageChange(String name, Integer sort, String color, Long targetSeconds, boolean clearTarget) {
        this(name, sort, color, targetSeconds, clearTarget, null, false);
    }

    /** Only the win probability: a percent, or null to remove it. */
    public static StageChange probability(Integer percent) {
        return new StageChange(null, null, null, null, false, percent, percent == null);
    }
}
