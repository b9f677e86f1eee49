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

    /** The account's working hours (Monday to Friday, 09:00–18:00 until an administrator sets them). */
    @Transactional(readOnly = true)
    public WorkingHours workingHours(long accountId) {
        return repository.workingHours(accountId).orElse(WorkingHours.DEFAULT);
    }

    @Transactional
    public WorkingHours setWorkingHours(Actor actor, WorkingHours hours) {
        if (!actor.admin()) {
            throw new org.voronka.shared.ForbiddenException("Only an administrator may change the working hours");
        }
        if (!hours.starts().isBefore(hours.ends())) {
            throw org.voronka.shared.ValidationException.of("0", "ends_at", "InvalidValue", "The working day must end after it starts");
        }
        repository.saveWorkingHours(actor.accountId(), hours);
        return hours;
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
        UserGroup group = new UserGroup(ids.next("group_seq"), groupName(name), UUID.randomUUID().toString());
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

    static final int MAX_TEXT = 255;
    static final int MIN_PASSWORD = 8;
    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * Creates a user of the admin's account after checking every field (all problems at once, with
     * the field as path). Without a password one is generated and returned once.
     */
    @Transactional
    public CreatedUser createUser(Actor actor, UserForm form) {
        requireAdmin(actor);
        List<ValidationException.Problem> problems = checkUser(actor.accountId(), form, null);
        String password = form.password() == null ? "" : form.password();
        String generated = null;
        if (password.isEmpty()) {
            generated = generatePassword();
            password = generated;
        } else if (password.length() < MIN_PASSWORD || password.length() > 128) {
            problems.add(new ValidationException.Problem("0", "password", "TooShort", "From 8 to 128 characters"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        User user = createUser(actor, form.name().trim(), form.email().trim(), password, form.lang(), form.admin(), form.groupId());
        return new CreatedUser(user, generated);
    }

    /** Changes a user's name, e-mail, language, role and department, and the password when one is given. */
    @Transactional
    public User updateUser(Actor actor, long userId, UserForm form) {
        requireAdmin(actor);
        User current = repository.findUser(actor.accountId(), userId).orElseThrow(() -> new NotFoundException("user " + userId));
        List<ValidationException.Problem> problems = checkUser(actor.accountId(), form, current);
        String password = form.password() == null ? "" : form.password();
        if (!password.isEmpty() && (password.length() < MIN_PASSWORD || password.length() > 128)) {
            problems.add(new ValidationException.Problem("0", "password", "TooShort", "From 8 to 128 characters"));
        }
        if (userId == actor.userId() && !form.admin()) {
            problems.add(new ValidationException.Problem("0", "admin", "OwnRole", "You cannot take away your own administrator role"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        User changed = new User(current.accountId(), current.id(), form.name().trim(), form.email().trim(), form.lang(), form.admin(),
                current.active(), form.groupId());
        repository.updateUser(changed, password.isEmpty() ? null : passwords.encode(password));
        events.publishEvent(new UserChanged(changed.accountId(), changed.id(), changed.admin(), changed.lang(), !password.isEmpty()));
        return changed;
    }

    /** Deactivates (or reactivates) a user: a deactivated one cannot sign in or use API tokens; their deals stay theirs. */
    @Transactional
    public User setActive(Actor actor, long userId, boolean active) {
        requireAdmin(actor);
        User current = repository.findUser(actor.accountId(), userId).orElseThrow(() -> new NotFoundException("user " + userId));
        if (userId == actor.userId() && !active) {
            throw new RuleViolationException("OwnAccount", "is_active", "You cannot deactivate yourself");
        }
        if (current.active() == active) {
            return current;
        }
        repository.setActive(actor.accountId(), userId, active);
        if (!active) {
            events.publishEvent(new UserDeactivated(actor.accountId(), userId));
        }
        return new User(current.accountId(), current.id(), current.name(), current.email(), current.lang(), current.admin(), active,
                current.groupId());
    }

    @Transactional
    public UserGroup renameGroup(Actor actor, long groupId, String name) {
        requireAdmin(actor);
        UserGroup g = repository.groups(actor.accountId()).stream().filter(x -> x.id() == groupId).findFirst()
                .orElseThrow(() -> new NotFoundException("group " + groupId));
        String n = groupName(name);
        repository.renameGroup(actor.accountId(), groupId, n);
        return new UserGroup(g.id(), n, g.uuid());
    }

    /** Deletes a department; one that still has users (active or not) is refused. */
    @Transactional
    public void deleteGroup(Actor actor, long groupId) {
        requireAdmin(actor);
        if (repository.groups(actor.accountId()).stream().noneMatch(g -> g.id() == groupId)) {
            throw new NotFoundException("group " + groupId);
        }
        if (repository.countUsersInGroup(actor.accountId(), groupId) > 0) {
            throw new RuleViolationException("DepartmentHasUsers", "id", "The department has users");
        }
        repository.deleteGroup(actor.accountId(), groupId);
    }

    private static String groupName(String name) {
        String n = name == null ? "" : name.trim();
        if (n.isEmpty()) {
            throw ValidationException.of("0", "name", "NotBlank", "The name must not be blank");
        }
        if (n.length() > MAX_TEXT) {
            throw ValidationException.of("0", "name", "TooLong", "At most 255 characters");
        }
        return n;
    }

    private List<ValidationException.Problem> checkUser(long accountId, UserForm form, User current) {
        List<ValidationException.Problem> problems = new java.util.ArrayList<>();
        String name = form.name() == null ? "" : form.name().trim();
        String email = form.email() == null ? "" : form.email().trim();
        if (name.isEmpty()) {
            problems.add(new ValidationException.Problem("0", "name", "NotBlank", "The name must not be blank"));
        } else if (name.length() > MAX_TEXT) {
            problems.add(new ValidationException.Problem("0", "name", "TooLong", "At most 255 characters"));
        }
        if (email.length() > MAX_TEXT || !EMAIL.matcher(email).matches()) {
            problems.add(new ValidationException.Problem("0", "email", "InvalidEmail", "Not an e-mail address"));
        } else {
            repository.findUserByEmail(email).filter(u -> current == null || u.id() != current.id()).ifPresent(u ->
                    problems.add(new ValidationException.Problem("0", "email", "NotUnique", "A user with this e-mail exists")));
        }
        if (form.lang() == null || !LANGUAGES.contains(form.lang())) {
            problems.add(new ValidationException.Problem("0", "lang", "NotSupportedChoice", "The language must be one of " + LANGUAGES));
        }
        if (form.groupId() != 0 && repository.groups(accountId).stream().noneMatch(g -> g.id() == form.groupId())) {
            problems.add(new ValidationException.Problem("0", "group", "NotSupportedChoice", "No such department"));
        }
        return problems;
    }

    static String generatePassword() {
        StringBuilder b = new StringBuilder(14);
        for (int i = 0; i < 14; i++) {
            b.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return b.toString();
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
