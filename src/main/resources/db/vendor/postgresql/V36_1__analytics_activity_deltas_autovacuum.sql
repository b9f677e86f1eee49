-- The activity's delta rows are inserted and deleted all day (ADR 0031), as the histograms' are (V34_1).
alter table analytics_activity_deltas set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
