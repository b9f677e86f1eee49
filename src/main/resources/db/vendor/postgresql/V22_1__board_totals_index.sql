-- PostgreSQL only: the board's column totals (count and budget sum per open stage) read this index
-- alone (an index-only scan), instead of every deal row of the pipeline's stages. H2 has no
-- INCLUDE columns and uses ix_deals_stage.
create index ix_deals_board_totals on deals (account_id, pipeline_id, status_id, is_deleted) include (price);
