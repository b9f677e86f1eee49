-- PostgreSQL only: the board's totals are an index-only scan, which stays index-only while the
-- visibility map is fresh. Vacuum deals after 2 % of them changed (a mass action, a busy day)
-- instead of the default 20 %, which on a million deals means 200,000 changes before a vacuum.
alter table deals set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
