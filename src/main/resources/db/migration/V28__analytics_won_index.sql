-- The forecast reads the deals won in a pipeline in a window by the time of their move into Won
-- (analytics_entries.last_at of entries whose outcome is won; ADR 27).
create index ix_analytics_entries_outcome on analytics_entries (account_id, pipeline_id, outcome, last_at);
