package org.voronka.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.voronka.deal.DealImport;
import org.voronka.deal.ImportedDeal;
import org.voronka.shared.ValidationException;
import org.voronka.support.ApiTest;

/** The import and the demo generator against the real schema, on H2 and on PostgreSQL. */
class DemoDataTests extends ApiTest {

    static final Instant UNTIL = Instant.parse("2026-03-02T12:00:00Z");

    @Autowired
    DemoData demo;

    @Autowired
    DealImport dealImport;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyImportedDealStandsWhereItsHistoryEnds() {
        var account = newAccount();
        DemoData.Result result = demo.generate(account.admin(), 42, 400, UNTIL, 150);
        long a = account.accountId();
        assertThat(result.deals()).isEqualTo(400);
        assertThat(jdbc.queryForObject("select count(*) from deals where account_id = ?", Long.class, a)).isEqualTo(400);
        assertThat(jdbc.queryForObject("select count(*) from stage_transitions where account_id = ?", Long.class, a))
                .isEqualTo(result.transitions());

        // the current stage, closed_at and updated_at equal the last history row
        assertThat(jdbc.queryForObject("""
                select count(*) from deals d join stage_transitions t on t.account_id = d.account_id and t.deal_id = d.id
                where d.account_id = ? and t.id = (select max(x.id) from stage_transitions x where x.account_id = d.account_id and x.deal_id = d.id)
                  and t.to_pipeline_id = d.pipeline_id and t.to_status_id = d.status_id and t.moved_at = d.updated_at
                  and t.source = 'import'
                  and ((d.status_id in (142, 143) and d.closed_at = t.moved_at) or (d.status_id not in (142, 143) and d.closed_at is null))
                """, Long.class, a)).isEqualTo(400);
        // the first row is the creation, at created_at; every later row starts where the previous one ended
        assertThat(jdbc.queryForObject("""
                select count(*) from deals d join stage_transitions t on t.account_id = d.account_id and t.deal_id = d.id
                where d.account_id = ? and t.from_status_id is null and t.moved_at = d.created_at
                  and t.id = (select min(x.id) from stage_transitions x where x.account_id = d.account_id and x.deal_id = d.id)
                """, Long.class, a)).isEqualTo(400);
        assertThat(jdbc.queryForObject("""
                select count(*) from stage_transitions t join stage_transitions p on p.account_id = t.account_id and p.deal_id = t.deal_id
                  and p.id = (select max(x.id) from stage_transitions x where x.account_id = t.account_id and x.deal_id = t.deal_id and x.id < t.id)
                where t.account_id = ? and (t.from_pipeline_id <> p.to_pipeline_id or t.from_status_id <> p.to_status_id or t.moved_at < p.moved_at)
                """, Long.class, a)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from deals where account_id = ? and loss_reason_id is not null and status_id <> 143",
                Long.class, a)).isZero();
        // the timeline has one event per history row, back-dated
        assertThat(jdbc.queryForObject("select count(*) from events where account_id = ? and type = 'lead_added'", Long.class, a))
                .isEqualTo(400);
        assertThat(jdbc.queryForObject("""
                select count(*) from events e join stage_transitions t on t.account_id = e.account_id and t.deal_id = e.entity_id
                  and t.moved_at = e.created_at and t.from_status_id is not null
                where e.account_id = ? and e.type = 'lead_status_changed'
                  and e.value_after = concat('[{"lead_status":{"id":', cast(t.to_status_id as varchar(20)), ',"pipeline_id":',
                      cast(t.to_pipeline_id as varchar(20)), '}}]')
                """, Long.class, a)).isEqualTo(result.transitions() - 400);

        // and the API shows the same: a deal's events include its stage changes
        var pipelines = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines");
        assertThat(pipelines.size()).isEqualTo(4);
        assertThat(pipelines.get(0).get("name").asString()).isEqualTo("Продажи");
    }

    @Test
    void theSameSeedGivesTheSameDemoData() {
        var first = newAccount();
        var second = newAccount();
        demo.generate(first.admin(), 7, 250, UNTIL, 100);
        demo.generate(second.admin(), 7, 250, UNTIL, 100);
        List<Map<String, Object>> a = snapshot(first.accountId());
        List<Map<String, Object>> b = snapshot(second.accountId());
        assertThat(a).hasSize(250 + (int) (long) jdbc.queryForObject(
                "select count(*) from stage_transitions where account_id = ? and from_status_id is not null", Long.class, first.accountId()));
        assertThat(b).isEqualTo(a);

        var third = newAccount();
        demo.generate(third.admin(), 8, 250, UNTIL, 100);
        assertThat(snapshot(third.accountId())).isNotEqualTo(a);
    }

    /** Deals and histories with ids replaced by names and positions, so that two accounts compare. */
    private List<Map<String, Object>> snapshot(long accountId) {
        return jdbc.queryForList("""
                select d.id - (select min(id) from deals where account_id = d.account_id) as n, d.name, d.price, u.name as responsible,
                       p.name as pipeline, s.name as stage, t.moved_at, d.closed_at, r.name as reason
                from deals d
                join stage_transitions t on t.account_id = d.account_id and t.deal_id = d.id
                join pipelines p on p.account_id = t.account_id and p.id = t.to_pipeline_id
                join statuses s on s.account_id = t.account_id and s.pipeline_id = t.to_pipeline_id and s.id = t.to_status_id
                join users u on u.account_id = d.account_id and u.id = d.responsible_user_id
                left join loss_reasons r on r.account_id = d.account_id and r.id = d.loss_reason_id
                where d.account_id = ? order by d.id, t.id
                """, accountId);
    }

    @Test
    void anInvalidHistoryRejectsTheBatchAndWritesNothing() {
        var account = newAccount();
        long pipeline = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/id").asLong();
        long stage = account.api().get("/api/v4/leads/pipelines").json().at("/_embedded/pipelines/0/_embedded/statuses/1/id").asLong();
        Instant t = Instant.parse("2025-06-01T10:00:00Z");
        ImportedDeal good = new ImportedDeal("ok", BigDecimal.TEN, account.adminId(), account.adminId(), null,
                List.of(new ImportedDeal.Move(pipeline, stage, t, account.adminId()),
                        new ImportedDeal.Move(pipeline, 142, t.plusSeconds(3600), account.adminId())));
        ImportedDeal backwards = new ImportedDeal("bad", BigDecimal.TEN, account.adminId(), account.adminId(), null,
                List.of(new ImportedDeal.Move(pipeline, stage, t, account.adminId()),
                        new ImportedDeal.Move(pipeline, 143, t.minusSeconds(1), account.adminId())));
        assertThatThrownBy(() -> dealImport.importDeals(account.admin(), List.of(good, backwards)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("chronological");
        assertThat(jdbc.queryForObject("select count(*) from deals where account_id = ?", Long.class, account.accountId())).isZero();

        List<Long> ids = dealImport.importDeals(account.admin(), List.of(good));
        var lead = account.api().get("/api/v4/leads/" + ids.get(0)).json();
        assertThat(lead.get("status_id").asLong()).isEqualTo(142);
        assertThat(lead.get("closed_at").asLong()).isEqualTo(t.plusSeconds(3600).getEpochSecond());
        assertThat(lead.get("created_at").asLong()).isEqualTo(t.getEpochSecond());
    }
}
