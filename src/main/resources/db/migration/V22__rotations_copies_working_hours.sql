-- Round-robin assignment by automation rules: the user each rule's action gave the last deal to.
-- The row is locked in the run's transaction, so nodes running the same rule take turns correctly.
create table automation_rotations (
    account_id   bigint  not null,
    rule_id      bigint  not null,
    action_index integer not null,
    last_user_id bigint  not null,
    primary key (account_id, rule_id, action_index)
);

-- A deal copied into another pipeline (a department hand-off that keeps the original) remembers its
-- original; both cards show the lineage.
create table deal_copies (
    account_id  bigint                   not null,
    copy_id     bigint                   not null,
    original_id bigint                   not null,
    created_at  timestamp with time zone not null,
    primary key (account_id, copy_id)
);
create index ix_deal_copies_original on deal_copies (account_id, original_id);

-- The account's working hours (in its time zone), for rules that act only within them or wait for
-- them. No row: Monday to Friday, 09:00 to 18:00.
create table working_hours (
    account_id bigint      not null primary key,
    days       varchar(20) not null,
    starts_at  varchar(5)  not null,
    ends_at    varchar(5)  not null
);

alter table automation_rules add column wait_for_working_hours boolean not null default false;
