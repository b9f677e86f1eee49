package org.voronka.account.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.account.Account;
import org.voronka.account.User;
import org.voronka.account.UserGroup;
import org.voronka.shared.Times;

/** Accounts, users and groups tables. */
@Repository
public class AccountRepository {

    private static final String USER_COLUMNS = "account_id, id, name, email, lang, is_admin, is_active, group_id";

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insertAccount(Account a) {
        jdbc.sql("""
                insert into accounts (id, name, subdomain, uuid, country, currency, language, timezone, is_unsorted_on,
                  is_loss_reason_enabled, max_pipelines, max_statuses, version, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(a.id(), a.name(), a.subdomain(), a.uuid(), a.country(), a.currency(), a.language(), a.timezone(),
                        a.unsortedOn(), a.lossReasonEnabled(), a.maxPipelines(), a.maxStatuses(), a.version(),
                        Times.param(a.createdAt()))
                .update();
    }

    public long countAccounts() {
        return jdbc.sql("select count(*) from accounts").query(Long.class).single();
    }

    public Optional<Long> firstAccountId() {
        return jdbc.sql("select id from accounts order by id fetch first 1 rows only").query(Long.class).optional();
    }

    public Optional<Account> findAccount(long id) {
        return jdbc.sql("select * from accounts where id = ?").param(id).query(AccountRepository::account).optional();
    }

    public void insertUser(User u, String passwordHash, Instant now) {
        jdbc.sql("""
                insert into users (account_id, id, name, email, password_hash, lang, is_admin, is_active, group_id, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(u.accountId(), u.id(), u.name(), u.email().toLowerCase(java.util.Locale.ROOT), passwordHash, u.lang(),
                        u.admin(), u.active(), u.groupId(), Times.param(now))
                .update();
    }

    public Optional<User> findUser(long accountId, long id) {
        return jdbc.sql("select " + USER_COLUMNS + " from users where account_id = ? and id = ?")
                .params(accountId, id).query(AccountRepository::user).optional();
    }

    public Optional<User> findUserByEmail(String email) {
        return jdbc.sql("select " + USER_COLUMNS + " from users where email = ?")
                .param(email.toLowerCase(java.util.Locale.ROOT)).query(AccountRepository::user).optional();
    }

    public Optional<String> passwordHash(long accountId, long userId) {
        return jdbc.sql("select password_hash from users where account_id = ? and id = ?")
                .params(accountId, userId).query(String.class).optional();
    }

    /** The login of an active or inactive user by e-mail: the user and the stored password hash (may be null). */
    public Optional<Login> findLogin(String email) {
        return jdbc.sql("select " + USER_COLUMNS + ", password_hash from users where email = ?")
                .param(email.toLowerCase(java.util.Locale.ROOT))
                .query((rs, n) -> new Login(user(rs, n), rs.getString("password_hash"))).optional();
    }

    public record Login(User user, String passwordHash) {}

    public boolean updateLang(long accountId, long userId, String lang) {
        return jdbc.sql("update users set lang = ? where account_id = ? and id = ?").params(lang, accountId, userId).update() == 1;
    }

    public void updateUser(User u, String passwordHash) {
        jdbc.sql("update users set name = ?, email = ?, lang = ?, is_admin = ?, group_id = ? where account_id = ? and id = ?")
                .params(u.name(), u.email().toLowerCase(java.util.Locale.ROOT), u.lang(), u.admin(), u.groupId(), u.accountId(), u.id())
                .update();
        if (passwordHash != null) {
            jdbc.sql("update users set password_hash = ? where account_id = ? and id = ?").params(passwordHash, u.accountId(), u.id())
                    .update();
        }
    }

    public void setActive(long accountId, long userId, boolean active) {
        jdbc.sql("update users set is_active = ? where account_id = ? and id = ?").params(active, accountId, userId).update();
    }

    public long countUsersInGroup(long accountId, long groupId) {
        return jdbc.sql("select count(*) from users where account_id = ? and group_id = ?").params(accountId, groupId)
                .query(Long.class).single();
    }

    public void renameGroup(long accountId, long groupId, String name) {
        jdbc.sql("update user_groups set name = ? where account_id = ? and id = ?").params(name, accountId, groupId).update();
    }

    public void deleteGroup(long accountId, long groupId) {
        jdbc.sql("delete from user_groups where account_id = ? and id = ?").params(accountId, groupId).update();
    }

    public Set<Long> existingUserIds(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select id from users where account_id = :a and id in (:ids)")
                .param("a", accountId).param("ids", ids).query(Long.class).list());
    }

    public List<User> users(long accountId, int offset, int limit) {
        return jdbc.sql("select " + USER_COLUMNS + " from users where account_id = ? order by id offset ? rows fetch next ? rows only")
                .params(accountId, offset, limit).query(AccountRepository::user).list();
    }

    public long countUsers(long accountId) {
        return jdbc.sql("select count(*) from users where account_id = ?").param(accountId).query(Long.class).single();
    }

    public List<UserGroup> groups(long accountId) {
        return jdbc.sql("select id, name, uuid from user_groups where account_id = ? order by id").param(accountId)
                .query((rs, n) -> new UserGroup(rs.getLong("id"), rs.getString("name"), rs.getString("uuid"))).list();
    }

    public void insertGroup(long accountId, UserGroup g) {
        jdbc.sql("insert into user_groups (account_id, id, name, uuid) values (?, ?, ?, ?)")
                .params(accountId, g.id(), g.name(), g.uuid()).update();
    }

    private static User user(ResultSet rs, int n) throws SQLException {
        return new User(rs.getLong("account_id"), rs.getLong("id"), rs.getString("name"), rs.getString("email"),
                rs.getString("lang"), rs.getBoolean("is_admin"), rs.getBoolean("is_active"), rs.getLong("group_id"));
    }

    private static Account account(ResultSet rs, int n) throws SQLException {
        return new Account(rs.getLong("id"), rs.getString("name"), rs.getString("subdomain"), rs.getString("uuid"),
                rs.getString("country"), rs.getString("currency"), rs.getString("language"), rs.getString("timezone"),
                rs.getBoolean("is_unsorted_on"), rs.getBoolean("is_loss_reason_enabled"), rs.getInt("max_pipelines"),
                rs.getInt("max_statuses"), rs.getInt("version"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    public java.util.Optional<org.voronka.account.WorkingHours> workingHours(long accountId) {
        return jdbc.sql("select days, starts_at, ends_at from working_hours where account_id = ?").params(accountId)
                .query((rs, n) -> new org.voronka.account.WorkingHours(days(rs.getString(1)), java.time.LocalTime.parse(rs.getString(2)),
                        java.time.LocalTime.parse(rs.getString(3)))).optional();
    }

    public void saveWorkingHours(long accountId, org.voronka.account.WorkingHours hours) {
        String days = hours.days().stream().map(d -> Integer.toString(d.getValue())).collect(java.util.stream.Collectors.joining(","));
        if (jdbc.sql("update working_hours set days = ?, starts_at = ?, ends_at = ? where account_id = ?")
                .params(days, hours.starts().toString(), hours.ends().toString(), accountId).update() == 0) {
            jdbc.sql("insert into working_hours (account_id, days, starts_at, ends_at) values (?, ?, ?, ?)")
                    .params(accountId, days, hours.starts().toString(), hours.ends().toString()).update();
        }
    }

    private static java.util.Set<java.time.DayOfWeek> days(String csv) {
        java.util.Set<java.time.DayOfWeek> days = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
        for (String d : csv.split(",")) {
            if (!d.isBlank()) {
                days.add(java.time.DayOfWeek.of(Integer.parseInt(d.trim())));
            }
        }
        return days;
    }
}
