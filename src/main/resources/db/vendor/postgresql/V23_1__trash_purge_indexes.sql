-- PostgreSQL only: the hourly purge jobs look for what has been in the trash longest across all
-- accounts; these small partial indexes hold only deleted rows, so the look-up never walks the live
-- ones. H2 (one small embedded database) reads the tables.
create index ix_deals_purge on deals (deleted_at) where is_deleted;
create index ix_contacts_purge on contacts (deleted_at) where is_deleted;
create index ix_companies_purge on companies (deleted_at) where is_deleted;
