-- Field triggers: field_changed (a field, optionally to a value) and date_field (N minutes before or
-- after a date custom field; trigger_minutes is signed, negative = before).
-- trigger_field: "price", "name" or a lead custom field id; trigger_value: the value to change to (null: any change).
alter table automation_rules add column trigger_field varchar(64);
alter table automation_rules add column trigger_value varchar(255);
