-- E-mail and SMS sends, their settings, and in-app notifications.
create sequence outbound_message_seq start with 1;
create sequence notification_seq start with 1;

-- Each account's SMTP server and SMS gateway (one row per account, written by Настройки → Отправка).
create table messaging_settings (
    account_id      bigint        not null references accounts (id),
    smtp_host       varchar(255),
    smtp_port       int,
    smtp_user       varchar(255),
    smtp_password   varchar(255),
    smtp_from       varchar(320),
    -- none | starttls | ssl
    smtp_security   varchar(16)   not null default 'starttls',
    -- none | logging (written to the deal's timeline instead of sent) | http
    sms_provider    varchar(16)   not null default 'none',
    sms_url         varchar(2000),
    sms_method      varchar(8)    not null default 'POST',
    sms_content_type varchar(100) not null default 'application/json',
    -- the request body with {{phone}} and {{text}}
    sms_body        varchar(4000),
    updated_at      timestamp with time zone not null,
    primary key (account_id)
);

-- One e-mail or SMS to send: written in the transaction that decided to send it (an automation run,
-- a notification), sent afterwards by any node under a lease, retried with backoff; 'failed' rows
-- are the dead-letter list.
create table outbound_messages (
    account_id      bigint        not null references accounts (id),
    id              bigint        not null,
    -- email | sms
    channel         varchar(8)    not null,
    recipient       varchar(320)  not null,
    subject         varchar(500),
    body            text          not null,
    -- where it came from: the deal it is about, the rule and run that sent it
    deal_id         bigint,
    rule_id         bigint,
    run_id          bigint,
    rule_name       varchar(255),
    -- on whose behalf (the rule's author, or 0): the author of the timeline event about the send
    user_id         bigint        not null default 0,
    -- pending | sent | failed
    state           varchar(16)   not null,
    attempts        int           not null default 0,
    next_attempt_at timestamp with time zone not null,
    locked_until    timestamp with time zone,
    last_error      varchar(1000),
    last_attempt_at timestamp with time zone,
    created_at      timestamp with time zone not null,
    sent_at         timestamp with time zone,
    primary key (account_id, id)
);
-- the senders' queue
create index ix_outbound_messages_due on outbound_messages (state, next_attempt_at);
-- the settings page's list, dead letters first
create index ix_outbound_messages_account on outbound_messages (account_id, state, created_at);

-- In-app notifications (the bell): to one user, about a deal or about the account.
create table notifications (
    account_id  bigint        not null references accounts (id),
    id          bigint        not null,
    user_id     bigint        not null,
    -- automation | webhook_disabled
    kind        varchar(32)   not null,
    deal_id     bigint,
    text        varchar(4000) not null,
    created_at  timestamp with time zone not null,
    read_at     timestamp with time zone,
    primary key (account_id, id)
);
create index ix_notifications_user on notifications (account_id, user_id, created_at);
create index ix_notifications_unread on notifications (account_id, user_id, read_at);

-- Whether a user also wants their notifications by e-mail.
create table notification_preferences (
    account_id  bigint        not null references accounts (id),
    user_id     bigint        not null,
    by_email    boolean       not null default false,
    primary key (account_id, user_id)
);
