-- Merging deals: the merged-away deals go to the trash marked with their survivor; their stage
-- history stays theirs, marked with the survivor, so analytics never count it twice. Tasks and
-- notes move to the survivor, and each move is logged per merge so that a merge can be undone.
create sequence merge_seq start with 1;

alter table deals add column merged_into bigint;
alter table stage_transitions add column merged_into bigint;

create table deal_merges (
    account_id      bigint        not null references accounts (id),
    id              bigint        not null,
    survivor_id     bigint        not null,
    merged_ids      varchar(4000) not null,
    survivor_before varchar(8000) not null,
    created_by      bigint        not null,
    created_at      timestamp with time zone not null,
    undone_at       timestamp with time zone,
    primary key (account_id, id)
);
create index ix_deal_merges_survivor on deal_merges (account_id, survivor_id);

create table task_merge_moves (
    account_id     bigint not null,
    merge_id       bigint not null,
    task_id        bigint not null,
    from_entity_id bigint not null,
    primary key (account_id, merge_id, task_id)
);

create table note_merge_moves (
    account_id     bigint not null,
    merge_id       bigint not null,
    note_id        bigint not null,
    from_entity_id bigint not null,
    primary key (account_id, merge_id, note_id)
);
