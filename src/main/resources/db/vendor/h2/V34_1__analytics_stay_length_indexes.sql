-- The embedded database's counterparts of the PostgreSQL indexes (H2 has no partial indexes).
create index ix_analytics_stays_length on analytics_stays (account_id, pipeline_id, status_id, seconds);
create index ix_analytics_stays_total on analytics_stays (account_id, pipeline_id, status_id, total_seconds);
create index ix_analytics_stays_open on analytics_stays (account_id, pipeline_id, status_id, stay_start);
