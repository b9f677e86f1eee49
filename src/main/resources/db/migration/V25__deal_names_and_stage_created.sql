-- Issue 6 (ADR 19). A stage's deals newest first: the list filtered by a stage (and more) walks
-- only that stage's deals instead of every deal of the account by creation time.
create index ix_deals_stage_created on deals (account_id, pipeline_id, status_id, created_at, id);

-- The deal names the search reads, apart from deals. A move rewrites its deals row and an entry in
-- every index of deals; the trigram index on the name was the dearest of them, although a move
-- never changes the name. Names change rarely, and only then is this row written.
create table deal_names (
    account_id bigint       not null,
    deal_id    bigint       not null,
    name_lower varchar(255) not null,
    primary key (account_id, deal_id),
    foreign key (account_id, deal_id) references deals (account_id, id) on delete cascade
);
insert into deal_names (account_id, deal_id, name_lower) select account_id, id, lower(name) from deals;
