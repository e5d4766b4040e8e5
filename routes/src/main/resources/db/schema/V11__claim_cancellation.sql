-- Cancellation of a claim already submitted, when its session is later entered-in-error
-- (org.imsfhir.routes.claim.ClaimSender): the insurer's answer to the cancellation, kept beside the
-- claim's own adjudication (outcome, amounts), which stays as it was.
alter table ims_claim add column cancel_message_id bigint;            -- the entered-in-error record that cancelled it
alter table ims_claim add column cancel_outcome varchar(16);          -- the insurer's outcome for the cancellation
alter table ims_claim add column cancel_disposition varchar(1000);
alter table ims_claim add column cancel_errors text;                  -- JSON array of the insurer's error codes
alter table ims_claim add column cancel_response text;                -- the ClaimResponse JSON as received
alter table ims_claim add column cancelled_at timestamp with time zone;
