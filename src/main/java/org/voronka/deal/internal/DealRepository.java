package org.voronka.deal.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.voronka.customfield.SqlCondition;
import org.voronka.deal.Deal;
import org.voronka.deal.DealContact;
import org.voronka.deal.DealQuery;
import org.voronka.deal.DealSelection;
import org.voronka.deal.StageTotal;
import org.voronka.deal.StageTransition;
import org.voronka.shared.ActivityCounts;
import org.voronka.shared.ActivityCounts.Scope;
import org.voronka.shared.RowsStatement;
import org.voronka.shared.Times;

@Repository
public class DealRepository {

    static final String COLUMNS = "account_id, id, name, price, responsible_user_id, group_id, pipeline_id, status_id, "
            + "loss_reason_id, source_id, company_id, created_by, updated_by, created_at, updated_at, closed_at, "
            + "closest_task_at, is_deleted, score, labor_cost";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ActivityCounts activity;

    DealRepository(JdbcClient jdbc, JdbcTemplate template, ActivityCounts activity) {
        this.jdbc = jdbc;
        this.template = template;
        this.activity = activity;
    }

    public Optional<Deal> find(long accountId, long id) {
        return jdbc.sql("select " + COLUMNS + " from deals where account_id = ? and id = ?")
                .params(accountId, id).query(DealRepository::deal).optional();
    }

    /** The deals among the ids, deleted ones included. */
    public List<Deal> findAll(long accountId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from deals where account_id = :a and id in (:ids) order by id")
                .param("a", accountId).param("ids", ids).query(DealRepository::deal).list();
    }

    public void insertCopy(long accountId, long copyId, long originalId, Instant at) {
        jdbc.sql("insert into deal_copies (account_id, copy_id, original_id, created_at) values (?, ?, ?, ?)")
                .params(accountId, copyId, originalId, Times.param(at)).update();
    }

    public org.voronka.deal.DealLineage lineage(long accountId, long dealId) {
        Long from = jdbc.sql("select original_id from deal_copies where account_id = ? and copy_id = ?").params(accountId, dealId)
                .query(Long.class).optional().orElse(null);
        List<Long> copies = jdbc.sql("select c.copy_id from deal_copies c join deals d on d.account_id = c.account_id and d.id = c.copy_id "
                        + "where c.account_id = ? and c.original_id = ? and not d.is_deleted order by c.copy_id")
                .params(accountId, dealId).query(Long.class).list();
        return new org.voronka.deal.DealLineage(from, copies);
    }

    /** How many open (not won, not lost, not deleted) deals each of the users is responsible for; users without any are absent. */
    public Map<Long, Long> openDealCounts(long accountId, Collection<Long> userIds) {
        Map<Long, Long> result = new LinkedHashMap<>();
        if (userIds.isEmpty()) {
            return result;
        }
        jdbc.sql("select responsible_user_id, count(*) n from deals where account_id = :a and responsible_user_id in (:u) "
                        + "and status_id not in (142, 143) and not is_deleted group by responsible_user_id")
                .param("a", accountId).param("u", userIds)
                .query((rs, i) -> Map.entry(rs.getLong(1), rs.getLong(2))).list().forEach(e -> result.put(e.getKey(), e.getValue()));
        return result;
    }

    /** Locks the live deals among the ids, in id order so that concurrent batches cannot deadlock. */
    public Map<Long, Deal> lock(long accountId, Collection<Long> ids) {
        Map<Long, Deal> result = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        jdbc.sql("select " + COLUMNS + " from deals where account_id = :a and id in (:ids) and not is_deleted order by id for update")
                .param("a", accountId).param("ids", ids)
                .query(DealRepository::deal).list().forEach(d -> result.put(d.id(), d));
        return result;
    }

    public Optional<Deal> lockOne(long accountId, long id) {
        return jdbc.sql("select " + COLUMNS + " from deals where account_id = ? and id = ? and not is_deleted for update")
                .params(accountId, id).query(DealRepository::deal).optional();
    }

    public void insert(List<Deal> deals) {
        template.batchUpdate("insert into deals (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                deals.stream().map(d -> new Object[] {d.accountId(), d.id(), d.name(), d.price(), d.responsibleUserId(), d.groupId(),
                        d.pipelineId(), d.statusId(), d.lossReasonId(), d.sourceId(), d.companyId(), d.createdBy(), d.updatedBy(),
                        Times.param(d.createdAt()), Times.param(d.updatedAt()), Times.param(d.closedAt()),
                        Times.param(d.closestTaskAt()), d.deleted(), d.score(), d.laborCost()}).toList());
        RowsStatement.run(template, "insert into deal_names (account_id, deal_id, name_lower) select account_id, deal_id, lower(name) "
                + "from %s", NAME_COLUMNS, deals, d -> new Object[] {d.accountId(), d.id(), d.name()});
    }

    private static final List<String> NAME_COLUMNS = List.of("account_id bigint", "deal_id bigint", "name varchar(255)");

    /**
     * Keeps the names the search reads (ADR 19) for deals whose name the caller changed; {@link #update}
     * leaves them alone, so that a move writes nothing for an unchanged name.
     */
    public void renamed(List<Deal> deals) {
        RowsStatement.run(template, "merge into deal_names n using %s on n.account_id = v.account_id and n.deal_id = v.deal_id "
                + "when matched then update set name_lower = lower(v.name)", NAME_COLUMNS, deals,
                d -> new Object[] {d.accountId(), d.id(), d.name()});
    }

    /**
     * Writes deals of one account. The activity of the deals that go to another pipeline moves
     * with them in the activity counts (ADR 0031); a move within a pipeline changes nothing there.
     */
    public void update(List<Deal> deals) {
        if (deals.isEmpty()) {
            return;
        }
        long accountId = deals.get(0).accountId();
        activity.around(accountId, Scope.deals(toOtherPipelines(accountId, deals)), () -> write(deals));
    }

    /** The ids of the deals whose pipeline the update changes. */
    private List<Long> toOtherPipelines(long accountId, List<Deal> deals) {
        Map<Long, Long> next = new java.util.HashMap<>();
        deals.forEach(d -> next.put(d.id(), d.pipelineId()));
        List<Long> ids = List.copyOf(next.keySet());
        List<Long> moving = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 1_000) {
            jdbc.sql("select id, pipeline_id from deals where account_id = :a and id in (:ids)").param("a", accountId)
                    .param("ids", ids.subList(from, Math.min(ids.size(), from + 1_000)))
                    .query((rs, n) -> rs.getLong(2) == next.get(rs.getLong(1)) ? null : rs.getLong(1)).list().stream()
                    .filter(java.util.Objects::nonNull).forEach(moving::add);
        }
        return moving;
    }

    private void write(List<Deal> deals) {
        String sql = "update deals set name = ?, price = ?, responsible_user_id = ?, group_id = ?, pipeline_id = ?, status_id = ?, "
                + "loss_reason_id = ?, company_id = ?, updated_by = ?, updated_at = ?, closed_at = ? where account_id = ? and id = ?";
        if (deals.size() == 1) {
            Deal d = deals.get(0);
            template.update(sql, values(d));
        } else if (!deals.isEmpty()) {
            // a batch (a mass action's chunk, a multi-card drag) is one statement, not one per deal
            RowsStatement.run(template, "merge into deals d using %s on d.account_id = v.account_id and d.id = v.id "
                    + "when matched then update set name = v.name, price = v.price, responsible_user_id = v.responsible_user_id, "
                    + "group_id = v.group_id, pipeline_id = v.pipeline_id, status_id = v.status_id, loss_reason_id = v.loss_reason_id, "
                    + "company_id = v.company_id, updated_by = v.updated_by, updated_at = v.updated_at, closed_at = v.closed_at",
                    UPDATE_COLUMNS, deals, DealRepository::values);
        }
    }

    /** The columns of {@link #values}, in its order, with their types. */
    private static final List<String> UPDATE_COLUMNS = List.of("name varchar(255)", "price numeric(20, 2)",
            "responsible_user_id bigint", "group_id bigint", "pipeline_id bigint", "status_id bigint", "loss_reason_id bigint",
            "company_id bigint", "updated_by bigint", "updated_at timestamp with time zone", "closed_at timestamp with time zone",
            "account_id bigint", "id bigint");

    private static Object[] values(Deal d) {
        return new Object[] {d.name(), d.price(), d.responsibleUserId(), d.groupId(), d.pipelineId(), d.statusId(),
                d.lossReasonId(), d.companyId(), d.updatedBy(), Times.param(d.updatedAt()), Times.param(d.closedAt()),
                d.accountId(), d.id()};
    }

    /** Appends history rows; rows with id 0 get the next value of {@code transition_seq} in the insert itself. */
    public void insertTransitions(long accountId, List<StageTransition> transitions) {
        String columns = "insert into stage_transitions (account_id, id, deal_id, from_pipeline_id, from_status_id, to_pipeline_id, "
                + "to_status_id, moved_at, user_id, source) values ";
        if (transitions.size() == 1 && transitions.get(0).id() == 0) {
            StageTransition t = transitions.get(0);
            template.update(columns + "(?, nextval('transition_seq'), ?, ?, ?, ?, ?, ?, ?, ?)", accountId, t.dealId(),
                    t.fromPipelineId(), t.fromStatusId(), t.toPipelineId(), t.toStatusId(), Times.param(t.movedAt()), t.userId(),
                    t.source());
            return;
        }
        // many rows (a mass action's chunk, an import) are one statement
        RowsStatement.run(template, "insert into stage_transitions (account_id, id, deal_id, from_pipeline_id, from_status_id, "
                + "to_pipeline_id, to_status_id, moved_at, user_id, source) select account_id, id, deal_id, from_pipeline_id, "
                + "from_status_id, to_pipeline_id, to_status_id, moved_at, user_id, source from %s", TRANSITION_COLUMNS, transitions,
                t -> new Object[] {accountId, t.id(), t.dealId(), t.fromPipelineId(), t.fromStatusId(), t.toPipelineId(),
                        t.toStatusId(), Times.param(t.movedAt()), t.userId(), t.source()});
    }

    private static final List<String> TRANSITION_COLUMNS = List.of("account_id bigint", "id bigint", "deal_id bigint",
            "from_pipeline_id bigint", "from_status_id bigint", "to_pipeline_id bigint", "to_status_id bigint",
            "moved_at timestamp with time zone", "user_id bigint", "source varchar(16)");

    public List<StageTransition> history(long accountId, long dealId) {
        return jdbc.sql("select * from stage_transitions where account_id = ? and deal_id = ? order by id")
                .params(accountId, dealId)
                .query((rs, n) -> new StageTransition(rs.getLong("id"), rs.getLong("deal_id"),
                        (Long) rs.getObject("from_pipeline_id", Long.class), (Long) rs.getObject("from_status_id", Long.class),
                        rs.getLong("to_pipeline_id"), rs.getLong("to_status_id"),
                        rs.getObject("moved_at", OffsetDateTime.class).toInstant(), rs.getLong("user_id"), rs.getString("source")))
                .list();
    }

    public long count(long accountId, long pipelineId, Long statusId) {
        if (statusId == null) {
            return jdbc.sql("select count(*) from deals where account_id = ? and pipeline_id = ?")
                    .params(accountId, pipelineId).query(Long.class).single();
        }
        return jdbc.sql("select count(*) from deals where account_id = ? and pipeline_id = ? and status_id = ?")
                .params(accountId, pipelineId, statusId).query(Long.class).single();
    }

    /** Deal count and budget per stage of the deals matching the query's conditions (its order and page are ignored). */
    /** Totals per stage of a pipeline's deals matching a query (the board under a filter); one aggregate query. */
    public List<StageTotal> stageTotals(long accountId, long pipelineId, DealQuery q, SqlCondition fieldCondition,
                                        Collection<Long> statusIds) {
        DealSql sql = DealSql.of(accountId, q.page(q.order(), 0, 1, null), fieldCondition);
        var spec = jdbc.sql("select status_id, count(*), coalesce(sum(price), 0) from deals where " + sql.where()
                + " and pipeline_id = :boardPipeline" + (statusIds.isEmpty() ? "" : " and status_id in (:boardStages)")
                + " group by status_id").param("boardPipeline", pipelineId);
        if (!statusIds.isEmpty()) {
            spec = spec.param("boardStages", statusIds);
        }
        for (var p : sql.params().entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        return spec.query((rs, n) -> new StageTotal(rs.getLong(1), rs.getLong(2), rs.getBigDecimal(3))).list();
    }

    public List<Long> idsInStage(long accountId, long pipelineId, long statusId) {
        return jdbc.sql("select id from deals where account_id = ? and pipeline_id = ? and status_id = ? and not is_deleted order by id")
                .params(accountId, pipelineId, statusId).query(Long.class).list();
    }

    /** How many deals match the query's conditions (its order and page are ignored). */
    public long count(long accountId, DealQuery q, SqlCondition fieldCondition) {
        DealSql sql = DealSql.of(accountId, q.page(q.order(), 0, 1, null), fieldCondition);
        var spec = jdbc.sql("select count(*) from deals where " + sql.where());
        for (var p : sql.params().entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        return spec.query(Long.class).single();
    }

    /** A SELECT of the ids of all deals matching the query's conditions, with its named parameters. */
    public static DealSelection selection(long accountId, DealQuery q, SqlCondition fieldCondition) {
        DealSql sql = DealSql.of(accountId, q.page(q.order(), 0, 1, null), fieldCondition);
        return new DealSelection("select id from deals where " + sql.where(), sql.params());
    }

    /** {@code fieldCondition}: the custom field filters of the query, built by the custom field module. */
    public List<Deal> list(long accountId, DealQuery q, SqlCondition fieldCondition) {
        DealSql sql = DealSql.of(accountId, q, fieldCondition);
        String page = " offset " + (q.after() == null ? q.offset() : 0) + " rows fetch next " + (q.limit() + 1) + " rows only";
        // A deep offset page skips its rows on ids alone (an index-only scan for stage filters) and then reads
        // only the rows of the page; keyset pages (the cursor of _links.next) need no skipping at all.
        String text = q.after() == null && q.offset() > 0
                ? "select " + COLUMNS + " from deals where account_id = :account and id in (select id from deals where " + sql.where()
                        + " order by " + sql.orderBy() + page + ") order by " + sql.orderBy()
                : "select " + COLUMNS + " from deals where " + sql.where() + " order by " + sql.orderBy() + page;
        var spec = jdbc.sql(text);
        for (var p : sql.params().entrySet()) {
            spec = spec.param(p.getKey(), p.getValue());
        }
        return spec.query(DealRepository::deal).list();
    }

    public Map<Long, List<DealContact>> contactsOf(long accountId, Collection<Long> dealIds) {
        Map<Long, List<DealContact>> result = new LinkedHashMap<>();
        if (dealIds.isEmpty()) {
            return result;
        }
        // contacts in the trash keep their links (a restore brings them back) but are not shown
        jdbc.sql("select deal_id, contact_id, is_main from deal_contacts dc where account_id = :a and deal_id in (:ids) "
                        + "and not exists (select 1 from contacts c where c.account_id = dc.account_id and c.id = dc.contact_id "
                        + "and c.is_deleted) order by deal_id, is_main desc, contact_id")
                .param("a", accountId).param("ids", dealIds)
                .query((rs, n) -> new DealContact(rs.getLong(1), rs.getLong(2), rs.getBoolean(3))).list()
                .forEach(c -> result.computeIfAbsent(c.dealId(), k -> new ArrayList<>()).add(c));
        return result;
    }

    public void insertContacts(long accountId, List<DealContact> links) {
        if (!links.isEmpty()) {
            template.batchUpdate("insert into deal_contacts (account_id, deal_id, contact_id, is_main) values (?, ?, ?, ?)",
                    links.stream().map(l -> new Object[] {accountId, l.dealId(), l.contactId(), l.main()}).toList());
        }
    }

    /** Pairs of (deal id, company id). */
    public void setCompanies(long accountId, List<long[]> dealAndCompany) {
        if (!dealAndCompany.isEmpty()) {
            template.batchUpdate("update deals set company_id = ? where account_id = ? and id = ?",
                    dealAndCompany.stream().map(p -> new Object[] {p[1], accountId, p[0]}).toList());
        }
    }

    public void clearMainContact(long accountId, long dealId) {
        jdbc.sql("update deal_contacts set is_main = false where account_id = ? and deal_id = ? and is_main")
                .params(accountId, dealId).update();
    }

    public boolean setMainContact(long accountId, long dealId, long contactId, boolean main) {
        return jdbc.sql("update deal_contacts set is_main = ? where account_id = ? and deal_id = ? and contact_id = ?")
                .params(main, accountId, dealId, contactId).update() == 1;
    }

    public boolean deleteContact(long accountId, long dealId, long contactId) {
        return jdbc.sql("delete from deal_contacts where account_id = ? and deal_id = ? and contact_id = ?")
                .params(accountId, dealId, contactId).update() == 1;
    }

    public List<Long> dealsOfContact(long accountId, long contactId) {
        return jdbc.sql("select deal_id from deal_contacts where account_id = ? and contact_id = ? order by deal_id")
                .params(accountId, contactId).query(Long.class).list();
    }

    public List<Long> dealsOfCompany(long accountId, long companyId) {
        return jdbc.sql("select id from deals where account_id = ? and company_id = ? and not is_deleted order by id")
                .params(accountId, companyId).query(Long.class).list();
    }

    /** Links of live deals to the contacts, by contact id. */
    public Map<Long, List<DealContact>> linksOfContacts(long accountId, Collection<Long> contactIds) {
        Map<Long, List<DealContact>> result = new LinkedHashMap<>();
        if (contactIds.isEmpty()) {
            return result;
        }
        jdbc.sql("select dc.deal_id, dc.contact_id, dc.is_main from deal_contacts dc join deals d on d.account_id = dc.account_id "
                        + "and d.id = dc.deal_id where dc.account_id = :a and dc.contact_id in (:ids) and not d.is_deleted "
                        + "order by dc.contact_id, dc.deal_id")
                .param("a", accountId).param("ids", contactIds)
                .query((rs, n) -> new DealContact(rs.getLong(1), rs.getLong(2), rs.getBoolean(3))).list()
                .forEach(c -> result.computeIfAbsent(c.contactId(), k -> new ArrayList<>()).add(c));
        return result;
    }

    /** Ids of live deals of the companies, by company id. */
    public Map<Long, List<Long>> dealsOfCompanies(long accountId, Collection<Long> companyIds) {
        Map<Long, List<Long>> result = new LinkedHashMap<>();
        if (companyIds.isEmpty()) {
            return result;
        }
        jdbc.sql("select company_id, id from deals where account_id = :a and company_id in (:ids) and not is_deleted order by company_id, id")
                .param("a", accountId).param("ids", companyIds)
                .query((rs, n) -> result.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2))).list();
        return result;
    }

    static Deal deal(ResultSet rs, int n) throws SQLException {
        return new Deal(rs.getLong("account_id"), rs.getLong("id"), rs.getString("name"), rs.getBigDecimal("price"),
                rs.getLong("responsible_user_id"), rs.getLong("group_id"), rs.getLong("pipeline_id"), rs.getLong("status_id"),
                rs.getObject("loss_reason_id", Long.class), rs.getObject("source_id", Long.class),
                rs.getObject("company_id", Long.class), rs.getLong("created_by"), rs.getLong("updated_by"),
                instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "closed_at"), instant(rs, "closest_task_at"),
                rs.getBoolean("is_deleted"), rs.getObject("score", Integer.class), rs.getObject("labor_cost", Integer.class));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
