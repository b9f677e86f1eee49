package org.voronka.shared;

/**
 * A well-formed request that the business rules refuse: a limit is reached, the last pipeline
 * cannot be deleted, a system stage cannot be moved. The API answers 422 (amoCRM does so for
 * pipelines, statuses and fields) with {@link #code()} and {@link #path()}.
 */
public class RuleViolationException extends RuntimeException {

    private final String code;
    private final String path;

    public RuleViolationException(String code, String path, String message) {
        super(message);
        this.code = code;
        this.path = path;
    }

    public String code() {
        return code;
    }

    public String path() {
        return path;
    }
}
