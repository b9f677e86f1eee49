-- PostgreSQL only: the reports read the projection's period indexes alone (index-only scans), not
-- one heap row per entry or stay. H2 has no INCLUDE columns and keeps the plain indexes of V26.
drop index ix_analytics_entries_period;
create index ix_analytics_entries_period on analytics_entries (account_id, pipeline_id, entered_at)
    include (prev_entered_at, deal_id, responsible_user_id, group_id, source_id, price, loss_reason_id, furthest_sort, outcome, lost_from);

drop index ix_analytics_stays_period;
create index ix_analytics_stays_period on analytics_stays (account_id, pipeline_id, entered_at)
    include (prev_entered_at, deal_id, responsible_user_id, group_id, source_id, entry_id, status_id, stay_start, stay_end);

-- the visited funnel counts a stage once per entry
create index ix_analytics_stays_visits on analytics_stays (account_id, pipeline_id, entered_at)
    include (prev_entered_at, deal_id, responsible_user_id, group_id, source_id, status_id, price, outcome, furthest_sort)
    where first_visit;

-- every move rewrites its deal's rows: vacuum early so the pages stay all-visible for index-only scans
alter table analytics_entries set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
alter table analytics_stays set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
