-- The runners' queue holds only pending runs: a partial index stays small however long the run log
-- grows, and the claim (state = 'pending' and due_at <= now order by due_at, id) reads it in order.
create index ix_automation_runs_pending on automation_runs (due_at, id) where state = 'pending';
drop index if exists ix_automation_runs_due;
-- The queue swings from empty to thousands of runs within seconds (a mass move): with statistics from
-- when it was empty the claim sorted every pending run to take 25. Analyze after every 1,000 changed
-- rows, so the claim reads the index in order.
alter table automation_runs set (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);
