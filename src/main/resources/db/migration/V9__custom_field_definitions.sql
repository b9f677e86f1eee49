-- Custom field definitions through the API and the settings page: field groups (tabs of a card),
-- the amoCRM field attributes, the stages a field is required in (or hidden in), and a numeric
-- copy of numeric, price, date and user values so deals can be filtered by ranges.
create sequence field_group_seq start with 1;

create table custom_field_groups (
    account_id  bigint       not null references accounts (id),
    entity_type varchar(16)  not null,
    id          varchar(64)  not null,
    name        varchar(255) not null,
    sort        int          not null,
    primary key (account_id, id)
);
create index ix_field_groups_entity on custom_field_groups (account_id, entity_type, sort);

alter table custom_fields add column group_id varchar(64);
alter table custom_fields add column is_required boolean default false not null;
alter table custom_fields add column is_visible boolean default true not null;
alter table custom_fields add column settings varchar(4000);
alter table custom_fields add column remind varchar(16);
alter table custom_fields add column currency varchar(3);

-- kind 'R': the field must be filled before a deal enters the stage; 'H': the card hides it there
create table custom_field_statuses (
    account_id  bigint  not null,
    field_id    bigint  not null,
    kind        char(1) not null,
    pipeline_id bigint  not null,
    status_id   bigint  not null,
    primary key (account_id, field_id, kind, pipeline_id, status_id)
);

alter table custom_field_values add column value_num numeric(38, 6);
-- filters: enum options and numeric ranges of one field, answering the entity ids from the index
create index ix_field_values_enum on custom_field_values (account_id, field_id, enum_id, entity_id);
create index ix_field_values_num on custom_field_values (account_id, field_id, value_num, entity_id);
