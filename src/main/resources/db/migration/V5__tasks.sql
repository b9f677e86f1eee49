-- Tasks of deals, contacts and companies (or free-standing), and custom task types.
create sequence task_seq start with 1;
-- custom task types start above the predefined ones (1 = Связаться, 2 = Встреча)
create sequence task_type_seq start with 100;

create table task_types (
    account_id bigint       not null references accounts (id),
    id         bigint       not null,
    name       varchar(255) not null,
    color      varchar(16),
    icon_id    int,
    code       varchar(64),
    primary key (account_id, id)
);

create table tasks (
    account_id          bigint        not null references accounts (id),
    id                  bigint        not null,
    entity_type         varchar(16),
    entity_id           bigint,
    task_type_id        bigint        not null,
    text                varchar(4000) not null,
    complete_till       timestamp with time zone not null,
    duration            int           not null default 0,
    responsible_user_id bigint        not null,
    group_id            bigint        not null default 0,
    is_completed        boolean       not null default false,
    result_text         varchar(4000),
    created_by          bigint        not null,
    updated_by          bigint        not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    primary key (account_id, id)
);
-- open tasks of an entity, nearest first (closest_task_at of deals, contacts, companies)
create index ix_tasks_entity on tasks (account_id, entity_type, entity_id, is_completed, complete_till);
-- a user's task list grouped by deadline
create index ix_tasks_responsible on tasks (account_id, responsible_user_id, is_completed, complete_till);
create index ix_tasks_updated on tasks (account_id, updated_at, id);
