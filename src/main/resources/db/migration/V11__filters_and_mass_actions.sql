-- Filters of the deal list and mass actions (issue 6, ADR 9).

-- Indexes for the new filter conditions (department, task state, budget and closing ranges)
create index ix_deals_group on deals (account_id, group_id, id);
create index ix_deals_task_deadline on deals (account_id, closest_task_at);
create index ix_deals_price on deals (account_id, price);
create index ix_deals_closed on deals (account_id, closed_at);

-- Saved filters of the deal list: the list's query string, personal or shared with the account
create sequence saved_filter_seq start with 1;
create table saved_filters (
    account_id bigint        not null references accounts (id),
    id         bigint        not null,
    user_id    bigint        not null,
    name       varchar(100)  not null,
    query      varchar(4000) not null,
    is_shared  boolean       not null,
    created_at timestamp with time zone not null,
    primary key (account_id, id)
);
create index ix_saved_filters_user on saved_filters (account_id, user_id);

-- Mass actions: one row per run (the audit: who, when, on what, what, counts), one item per deal.
-- The items are frozen when the run starts; an item is marked done in the transaction that
-- changes its deal, so a resumed run never applies a change twice.
create sequence mass_action_seq start with 1;
create table mass_actions (
    account_id       bigint        not null references accounts (id),
    id               bigint        not null,
    action           varchar(32)   not null,
    params           varchar(4000) not null,
    selection        varchar(8000) not null,
    state            varchar(16)   not null,
    total            int           not null,
    done_count       int           not null default 0,
    failed_count     int           not null default 0,
    cancel_requested boolean       not null default false,
    undo_of          bigint,
    undone_by        bigint,
    created_by       bigint        not null,
    created_at       timestamp with time zone not null,
    started_at       timestamp with time zone,
    finished_at      timestamp with time zone,
    primary key (account_id, id)
);
create index ix_mass_actions_created on mass_actions (account_id, created_at, id);
create table mass_action_items (
    account_id   bigint        not null,
    action_id    bigint        not null,
    deal_id      bigint        not null,
    -- 0 waiting, 1 done, 2 failed, 3 skipped (cancelled before its turn)
    state        smallint      not null,
    reason       varchar(500),
    before_value varchar(4000),
    changed_at   timestamp with time zone,
    primary key (account_id, action_id, deal_id)
);
create index ix_mass_action_items_state on mass_action_items (account_id, action_id, state, deal_id);
