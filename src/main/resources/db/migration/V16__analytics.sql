-- Sales analytics read the stage history directly (ADR 11). Two additions:
--
-- 1. A stage may have a target duration (seconds a deal should at most stay there); the stalled
--    report counts the open deals that have been in the stage longer.
alter table statuses add column target_seconds bigint;

-- 2. The reports select the moves into one pipeline from the start of a period on. The pipeline
--    index gains the columns those queries read, so PostgreSQL answers them from the index alone
--    (an index-only scan over the period instead of one heap page per transition).
drop index ix_transitions_pipeline;
create index ix_transitions_pipeline on stage_transitions
    (account_id, to_pipeline_id, moved_at, deal_id, id, from_pipeline_id, from_status_id, to_status_id, merged_into);
