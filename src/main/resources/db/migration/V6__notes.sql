-- Notes (примечания) on deals, contacts and companies: text notes, call logs, SMS, service messages.
create sequence note_seq start with 1;

create table notes (
    account_id          bigint        not null references accounts (id),
    id                  bigint        not null,
    entity_type         varchar(16)   not null,
    entity_id           bigint        not null,
    note_type           varchar(32)   not null,
    params              varchar(8000) not null,
    responsible_user_id bigint        not null,
    group_id            bigint        not null default 0,
    is_pinned           boolean       not null default false,
    created_by          bigint        not null,
    updated_by          bigint        not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    primary key (account_id, id)
);
create index ix_notes_entity on notes (account_id, entity_type, entity_id, id);
create index ix_notes_updated on notes (account_id, entity_type, updated_at, id);
