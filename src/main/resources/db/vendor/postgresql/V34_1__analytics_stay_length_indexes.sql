-- The time-in-stage report's exact second pass reads one length bucket of one stage (index-only);
-- re-entries into a pipeline and open stays are read from the stays, by small partial indexes.
create index ix_analytics_stays_length on analytics_stays (account_id, pipeline_id, status_id, seconds)
    include (entered_at, prev_entered_at) where seconds is not null;
create index ix_analytics_stays_total on analytics_stays (account_id, pipeline_id, status_id, total_seconds)
    include (entered_at, prev_entered_at) where total_seconds is not null;
create index ix_analytics_stays_reentries on analytics_stays (account_id, pipeline_id, entered_at)
    include (prev_entered_at, status_id, seconds, total_seconds) where prev_entered_at is not null;
create index ix_analytics_stays_open on analytics_stays (account_id, pipeline_id, status_id, stay_start)
    include (entered_at, prev_entered_at, deal_id, responsible_user_id, group_id, source_id, stay_end) where stay_end is null;
alter table analytics_stay_length_deltas set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
alter table analytics_stage_visit_deltas set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
alter table analytics_entry_outcome_deltas set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
create index ix_analytics_entries_reentries on analytics_entries (account_id, pipeline_id, entered_at)
    include (prev_entered_at, furthest_sort, outcome, lost_from, loss_reason_id, price) where prev_entered_at is not null;
