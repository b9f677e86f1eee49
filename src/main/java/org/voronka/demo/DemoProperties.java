package org.voronka.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code voronka.demo.*}: demo data for the first account.
 *
 * @param enabled generate at start when the first account has no deals (default false)
 * @param deals   how many deals (default 3000; 1000000 for the benchmark data set)
 * @param seed    the random seed; the same seed and size give the same data (default 42)
 * @param chunk   deals written per transaction (default 2000)
 * @param parties give deals contacts (with phones and e-mails) and companies (default true; the
 *                benchmark data set turns it off to load faster)
 */
@ConfigurationProperties("voronka.demo")
public record DemoProperties(Boolean enabled, Integer deals, Long seed, Integer chunk, Boolean parties) {

    public DemoProperties {
        enabled = enabled != null && enabled;
        deals = deals == null ? 3000 : deals;
        seed = seed == null ? 42L : seed;
        chunk = chunk == null ? 2000 : chunk;
        parties = parties == null || parties;
    }
}
