package org.voronka.demo;

import java.util.List;
import org.voronka.shared.Actor;

/**
 * Extension point for demo data of other modules (contacts and companies, tasks, notes): beans
 * implementing it are called after every chunk of generated deals, in the order the deals were
 * written, and may attach their own data to them. Use {@code seed} (and the deal ids) for
 * anything random so that a seed keeps giving the same data.
 */
public interface DemoDataExtension {

    void dealsCreated(Actor admin, long seed, List<Long> dealIds);
}
