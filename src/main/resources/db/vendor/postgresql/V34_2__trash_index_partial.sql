-- The trash lists an account's deleted deals by the time they were deleted: an index over the
-- deleted deals only is not written when a live deal changes (a mass stage change of 100,000
-- deals wrote 100,000 entries into the full index for nothing). H2 keeps the full index of V7.
drop index ix_deals_deleted;
create index ix_deals_deleted on deals (account_id, deleted_at) where is_deleted;
