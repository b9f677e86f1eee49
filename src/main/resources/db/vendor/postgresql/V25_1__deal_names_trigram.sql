-- PostgreSQL only (ADR 19): the deal name search moves to deal_names (V25), and its trigram index
-- with it, so that moving a deal no longer adds trigram entries for an unchanged name.
drop index if exists ix_deals_name_trgm;
create index ix_deal_names_trgm on deal_names using gin (name_lower gin_trgm_ops);

-- One index for the board's cards (a stage newest first) and its column totals (an index-only scan
-- that needs the budget): ix_deals_stage carries the budget, and ix_deals_board_totals (V22_1),
-- which had the same leading columns, goes. Every move writes an entry in each index of deals.
drop index if exists ix_deals_board_totals;
drop index ix_deals_stage;
create index ix_deals_stage on deals (account_id, pipeline_id, status_id, is_deleted, id) include (price);
