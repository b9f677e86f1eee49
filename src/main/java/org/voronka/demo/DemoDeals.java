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
        return deals.list(admin.accountId(), DealQuery.ofIds(ids));
    }
}
