-- The board's task filters ("no open tasks", "overdue tasks") and their column totals read deals of
-- one pipeline by the nearest open task's deadline (null when there is none).
create index ix_deals_closest_task on deals (account_id, pipeline_id, is_deleted, closest_task_at, status_id);
