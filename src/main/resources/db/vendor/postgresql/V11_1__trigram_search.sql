-- PostgreSQL only (ADR 9): trigram indexes make the full-text search of deals ("contains", any
-- case) an index lookup on deal, contact and company names, normalised phones and e-mails, and
-- note texts. H2 has no trigram indexes and scans; it serves small embedded installations.
create extension if not exists pg_trgm;
create index ix_deals_name_trgm on deals using gin (lower(name) gin_trgm_ops);
create index ix_contacts_name_trgm on contacts using gin (lower(name) gin_trgm_ops);
create index ix_companies_name_trgm on companies using gin (lower(name) gin_trgm_ops);
create index ix_field_values_norm_trgm on custom_field_values using gin (value_norm gin_trgm_ops);
create index ix_notes_params_trgm on notes using gin (lower(params) gin_trgm_ops);
