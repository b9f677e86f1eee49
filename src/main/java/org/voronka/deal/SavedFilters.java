package org.voronka.deal;

import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.voronka.shared.Actor;
import org.voronka.shared.ForbiddenException;
import org.voronka.shared.Ids;
import org.voronka.shared.NotFoundException;
import org.voronka.shared.Times;
import org.voronka.shared.ValidationException;

/** Saved filters of the deal list: a user sees their own and the shared ones; only the author or an admin deletes one. */
@Service
public class SavedFilters {

    public static final int MAX_PER_USER = 100;

    private final JdbcClient jdbc;
    private final Ids ids;
    private final Clock clock;

    SavedFilters(JdbcClient jdbc, Ids ids, Clock clock) {
        this.jdbc = jdbc;
        this.ids = ids;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public List<SavedFilter> visibleTo(Actor actor) {
        return jdbc.sql("select id, user_id, name, query, is_shared, created_at from saved_filters "
                        + "where account_id = ? and (user_id = ? or is_shared) order by name, id")
                .params(actor.accountId(), actor.userId())
                .query((rs, n) -> new SavedFilter(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        Times.instant(rs.getObject(6))))
                .list();
    }

    @Transactional
    public SavedFilter save(Actor actor, String name, String query, boolean shared) {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > 100) {
            throw ValidationException.of("0", "name", "InvalidValue", "A filter needs a name of 1 to 100 characters");
        }
        if (query == null || query.isBlank() || query.length() > 4000) {
            throw ValidationException.of("0", "query", "InvalidValue", "Nothing to save: the filter is empty or too long");
        }
        long own = jdbc.sql("select count(*) from saved_filters where account_id = ? and user_id = ?")
                .params(actor.accountId(), actor.userId()).query(Long.class).single();
        if (own >= MAX_PER_USER) {
            throw ValidationException.of("0", "name", "TooMany", "At most " + MAX_PER_USER + " saved filters per user");
        }
        SavedFilter f = new SavedFilter(ids.next("saved_filter_seq"), actor.userId(), trimmed, query, shared, clock.instant());
        jdbc.sql("insert into saved_filters (account_id, id, user_id, name, query, is_shared, created_at) values (?, ?, ?, ?, ?, ?, ?)")
                .params(actor.accountId(), f.id(), f.userId(), f.name(), f.query(), f.shared(), Times.param(f.createdAt())).update();
        return f;
    }

    @Transactional
    public void delete(Actor actor, long id) {
        Long author = jdbc.sql("select user_id from saved_filters where account_id = ? and id = ? and (user_id = ? or is_shared)")
                .params(actor.accountId(), id, actor.userId()).query(Long.class).optional()
                .orElseThrow(() -> new NotFoundException("saved filter " + id));
        if (author != actor.userId() && !actor.admin()) {
            throw new ForbiddenException("only the author or an administrator deletes a shared filter");
        }
        jdbc.sql("delete from saved_filters where account_id = ? and id = ?").params(actor.accountId(), id).update();
    }
}
