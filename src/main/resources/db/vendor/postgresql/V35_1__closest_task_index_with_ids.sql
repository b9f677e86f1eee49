-- PostgreSQL only: the stalled-stage report and the results per user and department read the open
-- (or all) deals of a pipeline with their nearest task and stage from this index alone, not one heap
-- row per deal (ADR 29). The same key as V12, so the board's task filters use it as before; the id
-- never changes, so a deal's update writes the index no more often than it did. H2 keeps V12's index.
drop index if exists ix_deals_closest_task;
create index ix_deals_closest_task on deals (account_id, pipeline_id, is_deleted, closest_task_at, status_id) include (id);
