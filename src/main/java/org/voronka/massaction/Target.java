package org.voronka.massaction;

import java.util.List;
import org.voronka.deal.DealQuery;

/**
 * The deals a mass action applies to: the given ids, or all deals matching a query; {@code asked}
 * is how the caller expressed it (the filter or the ids), kept for the audit.
 */
public record Target(List<Long> ids, DealQuery query, String asked) {

    public static Target ids(List<Long> ids) {
        return new Target(List.copyOf(ids), null, "ids: " + ids.size());
    }

    public static Target filter(DealQuery query, String asked) {
        return new Target(null, query, asked);
    }
}
