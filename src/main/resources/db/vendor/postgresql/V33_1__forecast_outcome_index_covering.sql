-- PostgreSQL only: the forecast's index of entries by outcome and last move (V28) carries what the
-- forecast reads from them, so the won deals of its window, the won revenue per month and the last
-- move of each open deal are read from the index alone, not one heap row per entry (ADR 30).
drop index if exists ix_analytics_entries_outcome;
create index ix_analytics_entries_outcome on analytics_entries (account_id, pipeline_id, outcome, last_at)
    include (deal_id, entry_id, prev_entered_at, price);
