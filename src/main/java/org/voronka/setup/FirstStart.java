package org.voronka.setup;

import java.security.SecureRandom;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.account.AccountManagement;
import org.voronka.account.ApiTokens;
import org.voronka.account.IssuedToken;
import org.voronka.account.NewAccount;
import org.voronka.account.User;
import org.voronka.shared.Actor;

/**
 * Opens the first account when the database has none. The admin password comes from
 * {@code voronka.setup.admin-password} or is generated; it and a one-year API token are printed
 * once to the console (the console, not the log file, is where a newcomer looks).
 */
@Component
@Order(0)
class FirstStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(FirstStart.class);

    @ConfigurationProperties("voronka.setup")
    record SetupProperties(Boolean enabled, String accountName, String subdomain, String language, String adminEmail,
                           String adminPassword, Boolean printToken) {

        SetupProperties {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            accountName = accountName == null ? "Voronka" : accountName;
            subdomain = subdomain == null ? "voronka" : subdomain;
            language = language == null ? "ru" : language;
            adminEmail = adminEmail == null ? "admin@voronka.local" : adminEmail;
            printToken = printToken == null ? Boolean.TRUE : printToken;
        }
    }

    private final AccountManagement accounts;
    private final ApiTokens tokens;
    private final SetupProperties properties;
    private final TransactionTemplate tx;

    FirstStart(AccountManagement accounts, ApiTokens tokens, SetupProperties properties, TransactionTemplate tx) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.properties = properties;
        this.tx = tx;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.enabled() || accounts.hasAnyAccount()) {
            return;
        }
        boolean generated = properties.adminPassword() == null || properties.adminPassword().isBlank();
        String password = generated ? randomPassword() : properties.adminPassword();
        IssuedToken token = tx.execute(status -> {
            User admin = accounts.openAccount(new NewAccount(properties.accountName(), properties.subdomain(), properties.language(),
                    "Europe/Moscow", "Administrator", properties.adminEmail(), password));
            Actor actor = new Actor(admin.accountId(), admin.id(), true, admin.lang());
            return tokens.issue(actor, admin.id(), "First start", Duration.ofDays(365));
        });
        StringBuilder banner = new StringBuilder("\n\n=== Voronka is ready ===\n")
                .append("  Log in:     ").append(properties.adminEmail()).append('\n')
                .append("  Password:   ").append(generated ? password : "(the configured voronka.setup.admin-password)").append('\n');
        if (properties.printToken()) {
            banner.append("  API token (valid one year, shown once):\n  ").append(token.token()).append('\n');
        }
        banner.append("========================\n");
        System.out.println(banner);
        log.info("First start: opened account '{}' with administrator {}", properties.accountName(), properties.adminEmail());
    }

    private static String randomPassword() {
        String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
