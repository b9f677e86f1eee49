-- The stage index also carries is_deleted: "deals of a stage that are not in the trash, by id" is
-- then answered from the index alone, so deep pages (page=N, an offset over the ids of one stage)
-- and the board read index pages instead of one heap page per skipped deal.
drop index ix_deals_stage;
create index ix_deals_stage on deals (account_id, pipeline_id, status_id, is_deleted, id);
