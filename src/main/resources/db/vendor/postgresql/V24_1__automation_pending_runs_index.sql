-- The runners' queue holds only pending runs: a partial index stays small however long the run log
-- grows, and the claim (state = 'pending' and due_at <= now order by due_at, id) reads it in order.
create index ix_automation_runs_pending on automation_runs (due_at, id) where state = 'pending';
drop index if exists ix_automation_runs_due;
