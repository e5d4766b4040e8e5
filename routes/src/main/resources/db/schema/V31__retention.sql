-- Retention (org.imsfhir.routes.retention, docs/retention.md): patient data is removed once a record is
-- final and its period has passed; the rows, their metadata and the audit stay. A purged value is
-- null, and purged_at says that it was removed on purpose (and when), not never there.

-- The raw payloads may now be removed.
alter table ims_intake alter column raw_payload drop not null;
alter table ims_message alter column raw_payload drop not null;

-- When the intake's raw payload was removed.
alter table ims_intake add column purged_at timestamp with time zone;

-- When the record's own text (raw_payload) and/or its Bundle were last removed.
alter table ims_message add column purged_at timestamp with time zone;

-- When the receiver's answer (response_body) was removed.
alter table ims_delivery add column purged_at timestamp with time zone;

-- When the insurer's ClaimResponse JSON (response, cancel_response) was removed.
alter table ims_claim add column purged_at timestamp with time zone;
