-- Outgoing webhooks: destinations subscribed to events, and the deliveries waiting to be sent.
create sequence webhook_seq start with 1;
create sequence webhook_delivery_seq start with 1;

create table webhooks (
    account_id  bigint        not null references accounts (id),
    id          bigint        not null,
    destination varchar(2000) not null,
    -- the subscribed events, comma separated (add_lead,status_lead,...)
    settings    varchar(2000) not null,
    sort        int           not null default 0,
    disabled    boolean       not null default false,
    -- why and when the hook was switched off after failing (shown to administrators)
    disabled_reason varchar(500),
    disabled_at timestamp with time zone,
    -- key of the HMAC-SHA256 signature of every delivery
    secret      varchar(64)   not null,
    created_by  bigint        not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    primary key (account_id, id),
    constraint uq_webhooks_destination unique (account_id, destination)
);

-- One POST of one or more event items to one hook. Written in the transaction of the change it
-- reports, so nothing is lost and nothing is reported that did not happen.
create table webhook_deliveries (
    account_id    bigint        not null,
    id            bigint        not null,
    webhook_id    bigint        not null,
    -- the settings that caused it, e.g. status_lead
    event         varchar(200)  not null,
    body          text          not null,
    -- pending: waiting for its next attempt; delivered; failed: retries exhausted (the dead-letter list)
    state         varchar(16)   not null,
    attempts      int           not null default 0,
    next_attempt_at timestamp with time zone not null,
    -- a node that took the delivery holds it until then; after that another node may retry it
    locked_until  timestamp with time zone,
    last_status   int,
    last_error    varchar(500),
    last_attempt_at timestamp with time zone,
    created_at    timestamp with time zone not null,
    primary key (account_id, id),
    foreign key (account_id, webhook_id) references webhooks (account_id, id) on delete cascade
);
-- the senders' queue: due pending deliveries, oldest first
create index ix_webhook_deliveries_due on webhook_deliveries (state, next_attempt_at);
create index ix_webhook_deliveries_hook on webhook_deliveries (account_id, webhook_id, state, created_at);

-- Every attempt with its outcome: the delivery log shown to administrators, and the count of
-- recent invalid answers that switches a failing hook off.
create table webhook_attempts (
    account_id   bigint       not null,
    webhook_id   bigint       not null,
    delivery_id  bigint       not null,
    attempted_at timestamp with time zone not null,
    status       int,
    ok           boolean      not null,
    error        varchar(500),
    foreign key (account_id, webhook_id) references webhooks (account_id, id) on delete cascade
);
create index ix_webhook_attempts_hook on webhook_attempts (account_id, webhook_id, attempted_at);
