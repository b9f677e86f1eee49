-- Round-robin assignment by automation rules: the user each rule's action gave the last deal to.
-- The row is locked in the run's transaction, so nodes running the same rule take turns correctly.
create table automation_rotations (
    account_id   bigint  not null,
    rule_id      bigint  not null,
    action_index integer not null,
    last_user_id bigint  not null,
    primary key (account_id, rule_id, action_index)
);
