-- The sales reports read a projection of the stage history kept current in the transaction of
-- every change (ADR 20) instead of aggregating stage_transitions at request time (ADR 11).
--
-- analytics_entries: one row per entry of a deal into a pipeline (its creation there, or a move in
-- from another pipeline) of a deal that is not in the trash, with the facts the funnel counts from
-- that entry on: the furthest stage reached (its sort), the outcome, the stage it was lost from,
-- the last move into the pipeline, and the deal's current values the filters use.
-- prev_entered_at is the deal's previous entry into the same pipeline: an entry is the deal's first
-- in a period [from, to) when it lies in the period and the previous one lies before it.
create table analytics_entries (
    account_id          bigint         not null,
    entry_id            bigint         not null,
    deal_id             bigint         not null,
    pipeline_id         bigint         not null,
    entered_at          timestamp with time zone not null,
    prev_entered_at     timestamp with time zone,
    price               numeric(20, 2) not null,
    responsible_user_id bigint         not null,
    group_id            bigint         not null,
    source_id           bigint,
    loss_reason_id      bigint,
    furthest_sort       int,
    outcome             varchar(16)    not null,
    lost_from           bigint,
    lost_id             bigint,
    last_id             bigint         not null,
    last_at             timestamp with time zone not null,
    primary key (account_id, entry_id)
);
create index ix_analytics_entries_period on analytics_entries (account_id, pipeline_id, entered_at);
create index ix_analytics_entries_deal on analytics_entries (account_id, deal_id);

-- analytics_stays: per entry, each move into one of the pipeline's open stages from that entry on
-- (a stay: from the move to the deal's next move, open while there is none), with the entry's
-- columns the reports filter and count by. first_visit marks the first stay in its stage.
create table analytics_stays (
    account_id          bigint         not null,
    entry_id            bigint         not null,
    transition_id       bigint         not null,
    deal_id             bigint         not null,
    pipeline_id         bigint         not null,
    entered_at          timestamp with time zone not null,
    prev_entered_at     timestamp with time zone,
    price               numeric(20, 2) not null,
    responsible_user_id bigint         not null,
    group_id            bigint         not null,
    source_id           bigint,
    furthest_sort       int,
    outcome             varchar(16)    not null,
    status_id           bigint         not null,
    stay_start          timestamp with time zone not null,
    stay_end            timestamp with time zone,
    first_visit         boolean        not null,
    primary key (account_id, entry_id, transition_id)
);
create index ix_analytics_stays_period on analytics_stays (account_id, pipeline_id, entered_at);
create index ix_analytics_stays_deal on analytics_stays (account_id, deal_id);

-- Backfill from the recorded history: the same statements the application runs for a changed
-- deal (analytics.internal.Projection), over every deal at once.
insert into analytics_entries (account_id, entry_id, deal_id, pipeline_id, entered_at, prev_entered_at, price,
                               responsible_user_id, group_id, source_id, loss_reason_id, furthest_sort, outcome, lost_from,
                               lost_id, last_id, last_at)
select x.account_id, x.entry_id, x.deal_id, x.pipeline_id, x.entered_at, x.prev_entered_at, x.price, x.responsible_user_id,
       x.group_id, x.source_id, x.loss_reason_id, x.furthest_sort,
       case when l.to_status_id = 142 then 'won' when l.to_status_id = 143 then 'lost'
            when x.deal_pipeline_id <> x.pipeline_id then 'moved_out' else 'open' end,
       case when lt.from_pipeline_id = x.pipeline_id then lt.from_status_id end,
       x.lost_id, l.id, l.moved_at
from (
  select e.account_id, e.id as entry_id, e.deal_id, e.to_pipeline_id as pipeline_id, e.moved_at as entered_at, e.prev_entered_at,
         d.price, d.responsible_user_id, d.group_id, d.source_id, d.loss_reason_id, d.pipeline_id as deal_pipeline_id,
         max(case when m.to_status_id <> 143 then s.sort end) as furthest_sort,
         max(m.id) as last_id,
         max(case when m.to_status_id = 143 then m.id end) as lost_id
  from (select t.account_id, t.id, t.deal_id, t.to_pipeline_id, t.moved_at,
               lag(t.moved_at) over (partition by t.account_id, t.deal_id, t.to_pipeline_id order by t.id) as prev_entered_at
        from stage_transitions t
        where (t.from_pipeline_id is null or t.from_pipeline_id <> t.to_pipeline_id) and t.merged_into is null) e
  join deals d on d.account_id = e.account_id and d.id = e.deal_id and d.is_deleted = false
  join stage_transitions m on m.account_id = e.account_id and m.deal_id = e.deal_id and m.to_pipeline_id = e.to_pipeline_id
       and m.id >= e.id and m.merged_into is null
  left join statuses s on s.account_id = m.account_id and s.pipeline_id = m.to_pipeline_id and s.id = m.to_status_id
  group by e.account_id, e.id, e.deal_id, e.to_pipeline_id, e.moved_at, e.prev_entered_at, d.price, d.responsible_user_id,
           d.group_id, d.source_id, d.loss_reason_id, d.pipeline_id) x
join stage_transitions l on l.account_id = x.account_id and l.id = x.last_id
left join stage_transitions lt on lt.account_id = x.account_id and lt.id = x.lost_id;

insert into analytics_stays (account_id, entry_id, transition_id, deal_id, pipeline_id, entered_at, prev_entered_at, price,
                             responsible_user_id, group_id, source_id, furthest_sort, outcome, status_id, stay_start, stay_end,
                             first_visit)
select y.account_id, y.entry_id, y.transition_id, y.deal_id, y.pipeline_id, y.entered_at, y.prev_entered_at, y.price,
       y.responsible_user_id, y.group_id, y.source_id, y.furthest_sort, y.outcome, y.status_id, y.stay_start, y.stay_end,
       case when y.visit = 1 then true else false end
from (
  select e.account_id, e.entry_id, m.id as transition_id, e.deal_id, e.pipeline_id, e.entered_at, e.prev_entered_at, e.price,
         e.responsible_user_id, e.group_id, e.source_id, e.furthest_sort, e.outcome, m.to_status_id as status_id,
         m.moved_at as stay_start, m.left_at as stay_end,
         row_number() over (partition by e.account_id, e.entry_id, m.to_status_id order by m.id) as visit
  from analytics_entries e
  join (select t.account_id, t.id, t.deal_id, t.to_pipeline_id, t.to_status_id, t.moved_at,
               lead(t.moved_at) over (partition by t.account_id, t.deal_id order by t.id) as left_at
        from stage_transitions t
        where t.merged_into is null) m
    on m.account_id = e.account_id and m.deal_id = e.deal_id and m.to_pipeline_id = e.pipeline_id and m.id >= e.entry_id
  where m.to_status_id not in (142, 143)) y;
