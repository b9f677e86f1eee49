-- The trash for contacts and companies: deleted ones keep everything (links included) and remember
-- who deleted them and when, so that restoring brings them back with their links.
alter table contacts add column deleted_at timestamp with time zone;
alter table contacts add column deleted_by bigint;
create index ix_contacts_deleted on contacts (account_id, is_deleted, deleted_at);
alter table companies add column deleted_at timestamp with time zone;
alter table companies add column deleted_by bigint;
create index ix_companies_deleted on companies (account_id, is_deleted, deleted_at);
