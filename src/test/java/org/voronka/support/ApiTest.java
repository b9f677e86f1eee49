package org.voronka.support;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.voronka.account.AccountManagement;
import org.voronka.account.ApiTokens;
import org.voronka.account.NewAccount;
import org.voronka.account.User;
import org.voronka.shared.Actor;

/**
 * Base of tests that run the whole application on a random port against H2 or PostgreSQL
 * ({@link TestDatabase}). Each test opens its own account, so tests never share data and account
 * isolation is exercised all the time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"voronka.setup.enabled=false", "logging.level.root=warn", "logging.level.org.voronka=warn",
                "spring.main.banner-mode=off"})
@ExtendWith(DatabaseAvailable.class)
public abstract class ApiTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected AccountManagement accounts;

    @Autowired
    protected ApiTokens tokens;

    @Autowired
    protected TransactionTemplate tx;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> TestDatabase.url() == null ? "jdbc:h2:mem:unused" : TestDatabase.url());
        registry.add("spring.datasource.username", TestDatabase::user);
        registry.add("spring.datasource.password", TestDatabase::password);
    }

    /** An account of its own with an admin and an API client holding the admin's token. */
    protected TestAccount newAccount() {
        return newAccount("ru");
    }

    protected TestAccount newAccount(String language) {
        String key = UUID.randomUUID().toString().substring(0, 8);
        return tx.execute(s -> {
            User admin = accounts.openAccount(new NewAccount("Test " + key, "t" + key, language, "Europe/Moscow", "Admin " + key,
                    "admin-" + key + "@test.local", "secret-" + key));
            Actor actor = new Actor(admin.accountId(), admin.id(), true, language);
            String token = tokens.issue(actor, admin.id(), "test", Duration.ofDays(30)).token();
            return new TestAccount(admin.accountId(), admin.id(), actor, new ApiClient("http://localhost:" + port, token));
        });
    }

    public record TestAccount(long accountId, long adminId, Actor admin, ApiClient api) {}
}
