-- The embedded database's counterpart of the PostgreSQL triggers: a row trigger in Java.
create trigger deals_stage_totals after insert, update, delete on deals for each row
    call 'org.voronka.deal.internal.StageTotalsTrigger';
