-- The trash: deleted deals keep everything and remember who deleted them and when.
alter table deals add column deleted_at timestamp with time zone;
alter table deals add column deleted_by bigint;
create index ix_deals_deleted on deals (account_id, is_deleted, deleted_at);

-- db-scheduler's table: durable jobs, each execution claimed by exactly one application node.
create table scheduled_tasks (
    task_name            varchar(100) not null,
    task_instance        varchar(255) not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean not null,
    picked_by            varchar(50),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index ix_scheduled_tasks_execution on scheduled_tasks (execution_time);
create index ix_scheduled_tasks_heartbeat on scheduled_tasks (last_heartbeat);
