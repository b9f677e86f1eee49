package org.voronka.deal;

import java.util.List;
import java.util.Map;
import org.voronka.shared.ValidationException.Problem;

/** The outcome of moving several deals at once: the deals moved (as they are now) and those refused, with why. */
public record MoveResult(List<Deal> moved, Map<Long, List<Problem>> refused) {}
