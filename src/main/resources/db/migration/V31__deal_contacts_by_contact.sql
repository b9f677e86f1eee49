-- Deals filtered by their contacts' fields go from the matching contacts to their deals: with the
-- deal id in the contact index that step reads the index alone, not a table row per link.
drop index ix_deal_contacts_contact;
create index ix_deal_contacts_contact on deal_contacts (account_id, contact_id, deal_id);
