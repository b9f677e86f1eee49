-- The won durations' delta rows are inserted with moves and deleted by the fold, as the other histograms' (V34_1).
alter table analytics_won_duration_deltas set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
