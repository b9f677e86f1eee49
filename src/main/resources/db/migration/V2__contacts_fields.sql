-- Contacts, companies and custom field values: lookups the contact lists and field writes need.
-- A field code (PHONE, EMAIL) names one field per entity type; fields without a code are free.
create unique index uq_custom_fields_code on custom_fields (account_id, entity_type, code);
create index ix_custom_fields_entity on custom_fields (account_id, entity_type, sort);
create index ix_contacts_name on contacts (account_id, name);
create index ix_companies_name on companies (account_id, name);
