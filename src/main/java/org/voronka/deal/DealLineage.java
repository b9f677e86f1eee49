package org.voronka.deal;

import java.util.List;

/** Where a deal was copied from (null for an original) and the copies made of it, oldest first. */
public record DealLineage(Long copiedFrom, List<Long> copies) {

    public boolean isEmpty() {
        return copiedFrom == null && copies.isEmpty();
    }
}
