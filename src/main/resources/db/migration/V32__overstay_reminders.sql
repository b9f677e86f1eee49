-- Reminders before a deal overstays its stage's target duration (ADR 26). One row per stay that was
-- reminded of, keyed by the move that began the stay: whichever node or run sees the stay first
-- inserts the row and sends the reminder in the same transaction, every other one finds the row.
-- Rows of stays past their due time by more than the catch-up window are deleted by the job.
create table overstay_reminders (
    account_id    bigint                   not null references accounts (id),
    transition_id bigint                   not null,
    deal_id       bigint                   not null,
    due_at        timestamp with time zone not null,
    reminded_at   timestamp with time zone not null,
    primary key (account_id, transition_id)
);
create index ix_overstay_reminders_due on overstay_reminders (due_at);
