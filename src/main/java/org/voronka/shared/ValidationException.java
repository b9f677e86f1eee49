package org.voronka.shared;

import java.util.List;

/**
 * Invalid input, with every problem found: each carries the batch item's request id, a dotted
 * path into the item, a code and a human-readable detail. Nothing has been changed when this is
 * thrown.
 */
public class ValidationException extends RuntimeException {

    public record Problem(String requestId, String path, String code, String detail) {}

    private final List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(problems.isEmpty() ? "Request validation failed" : problems.get(0).path() + ": " + problems.get(0).detail());
        this.problems = List.copyOf(problems);
    }

    public static ValidationException of(String requestId, String path, String code, String detail) {
        return new ValidationException(List.of(new Problem(requestId, path, code, detail)));
    }

    /**
     * A problem for every batch item whose id was already given by an earlier item: a batch
     * changes each entity once.
     */
    public static <T> List<Problem> duplicateIds(List<T> items, java.util.function.Function<T, Long> id,
                                                 java.util.function.Function<T, String> requestId, String noun) {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        List<Problem> problems = new java.util.ArrayList<>();
        for (T item : items) {
            if (!seen.add(id.apply(item))) {
                problems.add(new Problem(requestId.apply(item), "id", "Duplicate",
                        noun + " " + id.apply(item) + " appears twice in the batch"));
            }
        }
        return problems;
    }

    public List<Problem> problems() {
        return problems;
    }
}
