-- Stage automation: rules attached to a stage (trigger → conditions → delay → actions) and their runs.
create sequence automation_rule_seq start with 1;
create sequence automation_run_seq start with 1;

create table automation_rules (
    account_id      bigint        not null references accounts (id),
    id              bigint        not null,
    pipeline_id     bigint        not null,
    status_id       bigint        not null,
    name            varchar(255)  not null,
    -- entered | created | stayed | responsible_changed | task_completed | note_added
    trigger_type    varchar(32)   not null,
    -- stayed: minutes in the stage before the rule fires
    trigger_minutes int,
    -- JSON {"match": "all"|"any", "items": [...]}
    conditions      text          not null,
    delay_minutes   int           not null default 0,
    -- JSON array of actions
    actions         text          not null,
    sort            int           not null default 0,
    paused          boolean       not null default false,
    -- set when loop protection stopped the rule
    flagged_reason  varchar(500),
    created_by      bigint        not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    primary key (account_id, id)
);
create index ix_automation_rules_stage on automation_rules (account_id, pipeline_id, status_id, sort);

-- One firing of a rule for a deal: written in the transaction of the change that triggered it,
-- run once (its actions and its completion commit together), kept as the rule's run log.
create table automation_runs (
    account_id   bigint        not null,
    id           bigint        not null,
    rule_id      bigint        not null,
    deal_id      bigint        not null,
    -- when the deal entered the rule's stage: delayed and time-in-stage runs fire only if it is still there since then
    entered_at   timestamp with time zone,
    due_at       timestamp with time zone not null,
    -- pending | done | skipped | failed
    state        varchar(16)   not null,
    result       varchar(2000),
    error        varchar(1000),
    created_at   timestamp with time zone not null,
    finished_at  timestamp with time zone,
    primary key (account_id, id),
    foreign key (account_id, rule_id) references automation_rules (account_id, id) on delete cascade
);
-- the runners' queue: due pending runs, oldest first
create index ix_automation_runs_due on automation_runs (state, due_at);
create index ix_automation_runs_rule on automation_runs (account_id, rule_id, created_at);
create index ix_automation_runs_deal on automation_runs (account_id, deal_id, created_at);

-- The "send a webhook" action posts to a URL that is not a subscribed hook: such deliveries carry
-- their own destination and no hook.
alter table webhook_deliveries add column destination varchar(2000);
alter table webhook_deliveries alter column webhook_id drop not null;
