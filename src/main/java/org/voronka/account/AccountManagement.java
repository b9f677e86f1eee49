package org.voronka.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.account.internal.AccountRepository;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.RuleViolationException;
import org.voronka.shared.ValidationException;

/** The account module's facade: accounts, users and departments. */
@Service
public class AccountManagement {

    private final AccountRepository repository;
    private final Ids ids;
    private final PasswordEncoder passwords;
    private final ApplicationEventPublisher events;
    private final AccountProperties properties;
    private final Clock clock;

    AccountManagement(AccountRepository repository, Ids ids, PasswordEncoder passwords,
                      ApplicationEventPublisher events, AccountProperties properties, Clock clock) {
        this.repository = repository;
        this.ids = ids;
        this.passwords = passwords;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** Opens an account with its administrator; listeners add the default pipeline in the same transaction. */
    @Transactional
    public User openAccount(NewAccount request) {
        if (repository.findUserByEmail(request.adminEmail()).isPresent()) {
            throw new RuleViolationException("NotUnique", "email", "A user with e-mail " + request.adminEmail() + " already exists");
        }
        long accountId = ids.next("account_seq");
        Instant now = clock.instant();
        String subdomain = request.subdomain() == null || request.subdomain().isBlank()
                ? "account" + accountId : request.subdomain();
        Account account = new Account(accountId, request.name(), subdomain, UUID.randomUUID().toString(), "RU", "RUB",
                request.language() == null ? "ru" : request.language(),
                request.timezone() == null ? "Europe/Moscow" : request.timezone(),
                properties.unsortedOn(), properties.lossReasonEnabled(),
                properties.maxPipelines(), properties.maxStatuses(), 1, now);
        repository.insertAccount(account);
        User admin = new User(accountId, ids.next("user_seq"), request.adminName(), request.adminEmail(),
                account.language(), true, true, 0);
        repository.insertUser(admin, request.adminPassword() == null ? null : passwords.encode(request.adminPassword()), now);
        events.publishEvent(new AccountCreated(accountId, admin.id(), account.language(), account.unsortedOn()));
        return admin;
    }

    @Transactional(readOnly = true)
    public boolean hasAnyAccount() {
        return repository.countAccounts() > 0;
    }

    /** The installation's first account (the one first start opens), if any. */
    @Transactional(readOnly = true)
    public Optional<Account> firstAccount() {
        return repository.firstAccountId().flatMap(repository::findAccount);
    }

    @Transactional(readOnly = true)
    public Account account(long accountId) {
        return repository.findAccount(accountId).orElseThrow(() -> new NotFoundException("account " + accountId));
    }

    @Transactional(readOnly = true)
    public Optional<User> user(long accountId, long userId) {
        return repository.findUser(accountId, userId);
    }

    @Transactional(readOnly = true)
    public Optional<User> userByEmail(String email) {
        return repository.findUserByEmail(email);
    }

    /** Active users of the account that exist, from the given ids (to validate references in one query). */
    @Transactional(readOnly = true)
    public java.util.Set<Long> existingUserIds(long accountId, java.util.Collection<Long> userIds) {
        return repository.existingUserIds(accountId, userIds);
    }

    @Transactional(readOnly = true)
    public List<User> users(long accountId, int offset, int limit) {
        return repository.users(accountId, offset, limit);
    }

    @Transactional(readOnly = true)
    public long countUsers(long accountId) {
        return repository.countUsers(accountId);
    }

    @Transactional(readOnly = true)
    public List<UserGroup> groups(long accountId) {
        return repository.groups(accountId);
    }

    @Transactional
    public UserGroup createGroup(Actor actor, String name) {
        requireAdmin(actor);
        UserGroup group = new UserGroup(ids.next("group_seq"), name, UUID.randomUUID().toString());
        repository.insertGroup(actor.accountId(), group);
        return group;
    }

    @Transactional
    public User createUser(Actor actor, String name, String email, String password, String lang, boolean admin, long groupId) {
        requireAdmin(actor);
        if (repository.findUserByEmail(email).isPresent()) {
            throw new RuleViolationException("NotUnique", "email", "A user with e-mail " + email + " already exists");
        }
        User user = new User(actor.accountId(), ids.next("user_seq"), name, email, lang, admin, true, groupId);
        repository.insertUser(user, password == null ? null : passwords.encode(password), clock.instant());
        return user;
    }

    /** The languages the UI speaks; a user's {@code lang} is one of them. */
    public static final List<String> LANGUAGES = List.of("ru", "en");

    /** Changes the actor's own UI language and returns the actor as it is from now on. */
    @Transactional
    public Actor changeLanguage(Actor actor, String lang) {
        if (lang == null || !LANGUAGES.contains(lang)) {
            throw ValidationException.of("0", "lang", "NotSupportedChoice", "The language must be one of " + LANGUAGES);
        }
        if (!repository.updateLang(actor.accountId(), actor.userId(), lang)) {
            throw new NotFoundException("user " + actor.userId());
        }
        return new Actor(actor.accountId(), actor.userId(), actor.admin(), lang);
    }

    /** The department of a user (0 when none); used to stamp {@code group_id} on entities. */
    @Transactional(readOnly = true)
    public long groupOf(long accountId, long userId) {
        return repository.findUser(accountId, userId).map(User::groupId).orElse(0L);
    }

    static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new ForbiddenException("Only an administrator may do this");
        }
    }
}
