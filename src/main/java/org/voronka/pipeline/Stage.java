package org.voronka.pipeline;

/**
 * A stage of a pipeline; amoCRM calls it a status. {@code type} is 1 for Incoming, 0 otherwise.
 * 142 and 143 are the same ids in every pipeline, so a stage is identified by (pipeline, id).
 * {@code targetSeconds} is the optional target duration: how long a deal should at most stay in
 * the stage (null when not set; never set on Won and Lost). {@code winProbability} is the optional
 * chance, in percent (0..100), an admin expects a deal in the stage to be won; the forecast shows it
 * beside the probability observed in the history (never set on Won and Lost).
 */
public record Stage(long accountId, long pipelineId, long id, String name, int sort, String color, int type, Long targetSeconds,
                    Integer winProbability) {

    public Stage(long accountId, long pipelineId, long id, String name, int sort, String color, int type) {
        this(accountId, pipelineId, id, name, sort, color, type, null, null);
    }

    public Stage(long accountId, long pipelineId, long id, String name, int sort, String color, int type, Long targetSeconds) {
        this(accountId, pipelineId, id, name, sort, color, type, targetSeconds, null);
    }

    public static final long WON = 142;
    public static final long LOST = 143;
    public static final int TYPE_NORMAL = 0;
    public static final int TYPE_UNSORTED = 1;

    public boolean isWon() {
        return id == WON;
    }

    public boolean isLost() {
        return id == LOST;
    }

    public boolean isClosed() {
        return id == WON || id == LOST;
    }

    public boolean isUnsorted() {
        return type == TYPE_UNSORTED;
    }

    /** Working stages are the ones a deal is worked in: neither Incoming nor closed. */
    public boolean isWorking() {
        return !isClosed() && !isUnsorted();
    }

    /** amoCRM's is_editable: only working stages may be edited freely. */
    public boolean isEditable() {
        return isWorking();
    }

    public static boolean isSystemId(long id) {
        return id == WON || id == LOST;
    }
}
