package org.voronka.task;

/** A task type: 1 (follow-up / call) and 2 (meeting) exist in every account, others are the account's own. */
public record TaskType(long id, String name, String color, Integer iconId, String code) {

    public static final long FOLLOW_UP = 1;
    public static final long MEETING = 2;
}
