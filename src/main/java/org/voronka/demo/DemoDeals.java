package org.voronka.demo;

import java.util.List;
import org.voronka.deal.Deal;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.shared.Actor;

/** Reads back the deals of a generated chunk, for the extensions that attach data to them. */
final class DemoDeals {

    private DemoDeals() {}

    static List<Deal> of(DealManagement deals, Actor admin, List<Long> ids) {
        DealQuery byIds = new DealQuery(ids, List.of(), null, null, List.of(), List.of(), List.of(), List.of(), List.of(), null, null,
                null, null, null, false, DealQuery.all(1).order(), 0, ids.size(), null);
        return deals.list(admin.accountId(), byIds);
    }
}
