-- Statement-level triggers: one grouped insert per statement, however many deals it changed
-- (a mass action's chunk adds a few delta rows, not one per deal).
create function deal_stage_deltas_inserted() returns trigger language plpgsql as $$
begin
    insert into deal_stage_deltas (account_id, pipeline_id, status_id, deals, budget)
    select account_id, pipeline_id, status_id, count(*), coalesce(sum(price), 0)
    from new_rows where not is_deleted
    group by account_id, pipeline_id, status_id;
    return null;
end $$;

create function deal_stage_deltas_deleted() returns trigger language plpgsql as $$
begin
    insert into deal_stage_deltas (account_id, pipeline_id, status_id, deals, budget)
    select account_id, pipeline_id, status_id, -count(*), -coalesce(sum(price), 0)
    from old_rows where not is_deleted
    group by account_id, pipeline_id, status_id;
    return null;
end $$;

create function deal_stage_deltas_updated() returns trigger language plpgsql as $$
begin
    insert into deal_stage_deltas (account_id, pipeline_id, status_id, deals, budget)
    select account_id, pipeline_id, status_id, sum(deals), sum(budget)
    from (select o.account_id, o.pipeline_id, o.status_id, -1 as deals, -o.price as budget
          from old_rows o join new_rows n on n.account_id = o.account_id and n.id = o.id
          where not o.is_deleted
            and (o.pipeline_id, o.status_id, o.price, o.is_deleted) is distinct from (n.pipeline_id, n.status_id, n.price, n.is_deleted)
          union all
          select n.account_id, n.pipeline_id, n.status_id, 1, n.price
          from old_rows o join new_rows n on n.account_id = o.account_id and n.id = o.id
          where not n.is_deleted
            and (o.pipeline_id, o.status_id, o.price, o.is_deleted) is distinct from (n.pipeline_id, n.status_id, n.price, n.is_deleted)) c
    group by account_id, pipeline_id, status_id
    having sum(deals) <> 0 or sum(budget) <> 0;
    return null;
end $$;

create trigger deals_stage_totals_inserted after insert on deals
    referencing new table as new_rows for each statement execute function deal_stage_deltas_inserted();
create trigger deals_stage_totals_deleted after delete on deals
    referencing old table as old_rows for each statement execute function deal_stage_deltas_deleted();
create trigger deals_stage_totals_updated after update on deals
    referencing old table as old_rows new table as new_rows for each statement execute function deal_stage_deltas_updated();
