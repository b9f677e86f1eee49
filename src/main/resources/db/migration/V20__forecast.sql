-- Sales forecast (ADR 15).
--
-- 1. A stage may have a win probability set by an admin (percent, 0..100); the weighted pipeline
--    shows it beside the probability observed in the history.
alter table statuses add column win_probability int;

-- 2. Forecasts are saved when they are made (the first time in a month per pipeline, by a job), so
--    that the forecast page can later show what was expected against what was won.
create table saved_forecasts (
    account_id   bigint         not null references accounts (id),
    pipeline_id  bigint         not null,
    made_month   date           not null,
    for_month    date           not null,
    made_at      timestamp with time zone not null,
    expected     numeric(20, 2) not null,
    range_low    numeric(20, 2) not null,
    range_high   numeric(20, 2) not null,
    weighted     numeric(20, 2) not null,
    open_deals   bigint         not null,
    open_budget  numeric(20, 2) not null,
    primary key (account_id, pipeline_id, made_month, for_month)
);
