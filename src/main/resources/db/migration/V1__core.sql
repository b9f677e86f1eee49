-- Core schema: accounts, users, pipelines, stages, deals, contacts, companies, history and timeline.
-- Every table carries account_id and every key starts with it, so the tables can later be
-- distributed by account_id (PostgreSQL + Citus) without a rewrite. Portable SQL: runs on H2
-- (PostgreSQL mode) and PostgreSQL.

create sequence account_seq start with 1;
create sequence user_seq start with 1;
create sequence group_seq start with 1;
create sequence pipeline_seq start with 1;
-- stage ids start high so that they never collide with the shared system ids 142 and 143
create sequence status_seq start with 1000;
create sequence loss_reason_seq start with 1;
create sequence deal_seq start with 1;
create sequence contact_seq start with 1;
create sequence company_seq start with 1;
create sequence tag_seq start with 1;
create sequence field_seq start with 1;
create sequence field_enum_seq start with 1;
create sequence transition_seq start with 1;
create sequence event_seq start with 1;

-- Installation-wide settings (the JWT signing key lives here unless configured)
create table installation_settings (
    name          varchar(64) primary key,
    setting_value varchar(4000) not null
);

create table accounts (
    id                     bigint primary key,
    name                   varchar(255) not null,
    subdomain              varchar(63)  not null,
    uuid                   varchar(36)  not null,
    country                varchar(2)   not null,
    currency               varchar(3)   not null,
    language               varchar(5)   not null,
    timezone               varchar(64)  not null,
    is_unsorted_on         boolean      not null,
    is_loss_reason_enabled boolean      not null,
    max_pipelines          int          not null,
    max_statuses           int          not null,
    version                int          not null default 1,
    created_at             timestamp with time zone not null,
    constraint uq_accounts_subdomain unique (subdomain)
);

-- Departments (amoCRM "users groups"); group 0 is the implicit default group of every account
create table user_groups (
    account_id bigint      not null references accounts (id),
    id         bigint      not null,
    name       varchar(255) not null,
    uuid       varchar(36) not null,
    primary key (account_id, id)
);

create table users (
    account_id    bigint       not null references accounts (id),
    id            bigint       not null,
    name          varchar(255) not null,
    email         varchar(255) not null,
    password_hash varchar(255),
    lang          varchar(5)   not null,
    is_admin      boolean      not null,
    is_active     boolean      not null,
    group_id      bigint       not null default 0,
    created_at    timestamp with time zone not null,
    primary key (account_id, id)
);
-- e-mail is the login: unique across the installation
create unique index uq_users_email on users (email);

-- Long-lived API tokens (JWTs); a row per issued token so that it can be listed and revoked
create table api_tokens (
    account_id bigint       not null references accounts (id),
    id         varchar(36)  not null,
    user_id    bigint       not null,
    name       varchar(255) not null,
    created_by bigint       not null,
    created_at timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    revoked_at timestamp with time zone,
    primary key (account_id, id)
);
create unique index uq_api_tokens_id on api_tokens (id);

create table pipelines (
    account_id     bigint       not null references accounts (id),
    id             bigint       not null,
    name           varchar(255) not null,
    sort           int          not null,
    is_main        boolean      not null,
    is_unsorted_on boolean      not null,
    is_archive     boolean      not null default false,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    primary key (account_id, id)
);

-- Stages; 142 (won) and 143 (lost) exist in every pipeline, so the key is (pipeline, id)
create table statuses (
    account_id  bigint       not null,
    pipeline_id bigint       not null,
    id          bigint       not null,
    name        varchar(255) not null,
    sort        int          not null,
    color       varchar(16)  not null,
    type        smallint     not null,
    created_at  timestamp with time zone not null,
    primary key (account_id, pipeline_id, id),
    foreign key (account_id, pipeline_id) references pipelines (account_id, id)
);

create table loss_reasons (
    account_id bigint       not null references accounts (id),
    id         bigint       not null,
    name       varchar(255) not null,
    sort       int          not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    primary key (account_id, id)
);

create table companies (
    account_id          bigint       not null references accounts (id),
    id                  bigint       not null,
    name                varchar(255) not null,
    responsible_user_id bigint       not null,
    group_id            bigint       not null default 0,
    created_by          bigint       not null,
    updated_by          bigint       not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    closest_task_at     timestamp with time zone,
    is_deleted          boolean      not null default false,
    primary key (account_id, id)
);
create index ix_companies_updated on companies (account_id, updated_at, id);

create table contacts (
    account_id          bigint       not null references accounts (id),
    id                  bigint       not null,
    name                varchar(255) not null,
    first_name          varchar(255) not null default '',
    last_name           varchar(255) not null default '',
    responsible_user_id bigint       not null,
    group_id            bigint       not null default 0,
    company_id          bigint,
    created_by          bigint       not null,
    updated_by          bigint       not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    closest_task_at     timestamp with time zone,
    is_deleted          boolean      not null default false,
    primary key (account_id, id)
);
create index ix_contacts_updated on contacts (account_id, updated_at, id);
create index ix_contacts_company on contacts (account_id, company_id);

create table deals (
    account_id          bigint         not null references accounts (id),
    id                  bigint         not null,
    name                varchar(255)   not null,
    price               numeric(20, 2) not null default 0,
    responsible_user_id bigint         not null,
    group_id            bigint         not null default 0,
    pipeline_id         bigint         not null,
    status_id           bigint         not null,
    loss_reason_id      bigint,
    source_id           bigint,
    company_id          bigint,
    created_by          bigint         not null,
    updated_by          bigint         not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    closed_at           timestamp with time zone,
    closest_task_at     timestamp with time zone,
    is_deleted          boolean        not null default false,
    score               int,
    labor_cost          int,
    primary key (account_id, id)
);
-- the board and the stage filter: deals of a stage, newest first, keyset by id
create index ix_deals_stage on deals (account_id, pipeline_id, status_id, id);
create index ix_deals_responsible on deals (account_id, responsible_user_id, id);
create index ix_deals_created on deals (account_id, created_at, id);
create index ix_deals_updated on deals (account_id, updated_at, id);
create index ix_deals_company on deals (account_id, company_id);

-- Contacts of a deal; one of them may be the main contact
create table deal_contacts (
    account_id bigint  not null,
    deal_id    bigint  not null,
    contact_id bigint  not null,
    is_main    boolean not null,
    primary key (account_id, deal_id, contact_id)
);
create index ix_deal_contacts_contact on deal_contacts (account_id, contact_id);

-- Tags are a dictionary per entity type (leads, contacts, companies)
create table tags (
    account_id  bigint       not null references accounts (id),
    entity_type varchar(16)  not null,
    id          bigint       not null,
    name        varchar(255) not null,
    color       varchar(6),
    primary key (account_id, id)
);
create unique index uq_tags_name on tags (account_id, entity_type, name);

create table entity_tags (
    account_id  bigint      not null,
    entity_type varchar(16) not null,
    entity_id   bigint      not null,
    tag_id      bigint      not null,
    primary key (account_id, entity_type, entity_id, tag_id)
);
create index ix_entity_tags_tag on entity_tags (account_id, tag_id);

-- Custom fields (PHONE and EMAIL are predefined multitext fields of contacts and companies)
create table custom_fields (
    account_id    bigint       not null references accounts (id),
    entity_type   varchar(16)  not null,
    id            bigint       not null,
    name          varchar(255) not null,
    code          varchar(64),
    type          varchar(32)  not null,
    sort          int          not null,
    is_predefined boolean      not null default false,
    is_deletable  boolean      not null default true,
    is_api_only   boolean      not null default false,
    primary key (account_id, id)
);

create table custom_field_enums (
    account_id bigint       not null,
    field_id   bigint       not null,
    id         bigint       not null,
    enum_value varchar(255) not null,
    code       varchar(64),
    sort       int          not null,
    primary key (account_id, id)
);
create index ix_field_enums_field on custom_field_enums (account_id, field_id);

-- One row per value; multi-value fields have several rows ordered by position
create table custom_field_values (
    account_id  bigint        not null,
    entity_type varchar(16)   not null,
    entity_id   bigint        not null,
    field_id    bigint        not null,
    position    int           not null,
    value_text  varchar(4000),
    value_norm  varchar(255),
    enum_id     bigint,
    primary key (account_id, entity_type, entity_id, field_id, position)
);
-- lookup of contacts by normalised phone or e-mail
create index ix_field_values_norm on custom_field_values (account_id, field_id, value_norm);

-- Stage history: one row per move (and one for the creation of a deal in a pipeline), append-only,
-- written in the same transaction as the move
create table stage_transitions (
    account_id       bigint      not null,
    id               bigint      not null,
    deal_id          bigint      not null,
    from_pipeline_id bigint,
    from_status_id   bigint,
    to_pipeline_id   bigint      not null,
    to_status_id     bigint      not null,
    moved_at         timestamp with time zone not null,
    user_id          bigint      not null,
    source           varchar(16) not null,
    primary key (account_id, id)
);
create index ix_transitions_deal on stage_transitions (account_id, deal_id, id);
create index ix_transitions_pipeline on stage_transitions (account_id, to_pipeline_id, moved_at);

-- Timeline events (the amoCRM /api/v4/events feed), append-only
create table events (
    account_id   bigint       not null,
    id           bigint       not null,
    type         varchar(64)  not null,
    entity_type  varchar(16)  not null,
    entity_id    bigint       not null,
    created_by   bigint       not null,
    created_at   timestamp with time zone not null,
    value_before varchar(4000) not null,
    value_after  varchar(4000) not null,
    primary key (account_id, id)
);
create index ix_events_entity on events (account_id, entity_type, entity_id, id);
create index ix_events_created on events (account_id, created_at, id);
