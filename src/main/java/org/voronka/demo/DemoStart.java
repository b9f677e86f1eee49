package org.voronka.demo;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.voronka.account.Account;
import org.voronka.account.AccountManagement;
import org.voronka.account.User;
import org.voronka.deal.DealManagement;
import org.voronka.deal.DealQuery;
import org.voronka.shared.Actor;

/**
 * With {@code voronka.demo.enabled=true}, fills the first account with demo data at start, after
 * first start has opened it, unless the account already has deals.
 */
@Component
@Order(10)
class DemoStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoStart.class);

    private final DemoProperties properties;
    private final DemoData demo;
    private final AccountManagement accounts;
    private final DealManagement deals;
    private final Clock clock;

    DemoStart(DemoProperties properties, DemoData demo, AccountManagement accounts, DealManagement deals, Clock clock) {
        this.properties = properties;
        this.demo = demo;
        this.accounts = accounts;
        this.deals = deals;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.enabled()) {
            return;
        }
        Account account = accounts.firstAccount().orElse(null);
        if (account == null) {
            log.warn("Demo data: there is no account yet (is voronka.setup.enabled off?)");
            return;
        }
        if (!deals.list(account.id(), DealQuery.all(1)).isEmpty()) {
            log.info("Demo data: account '{}' already has deals, nothing generated", account.name());
            return;
        }
        User admin = accounts.users(account.id(), 0, 100).stream().filter(User::admin).findFirst().orElseThrow();
        Actor actor = new Actor(account.id(), admin.id(), true, account.language());
        log.info("Demo data: generating {} deals with seed {} for account '{}'", properties.deals(), properties.seed(), account.name());
        DemoData.Result r = demo.generate(actor, properties.seed(), properties.deals(), clock.instant(), properties.chunk());
        log.info("Demo data ready: {} deals, {} history rows in {} s", r.deals(), r.transitions(), r.took().toSeconds());
    }
}
