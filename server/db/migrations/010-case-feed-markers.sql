-- Exactly-once delivery to a plain GeoReport v2 receiver (one that does not de-duplicate): each request
-- carries a marker in its description, and an attempt whose outcome is unknown is looked up by that marker
-- before anything is sent again.
--   marker           the token the description ends with, chosen once per item (the same on every attempt)
--   first_sent_at    when the first attempt started: the lookup searches from a little before it
--   outcome_unknown  1 from the moment a request is sent until its answer is known (so a crash in between
--                    leaves it set), and kept after an attempt that timed out or lost its answer
--   receiver_token   the token a receiver answered instead of a service_request_id (GET tokens/{token})
ALTER TABLE case_outbox ADD COLUMN marker TEXT;
ALTER TABLE case_outbox ADD COLUMN first_sent_at TEXT;
ALTER TABLE case_outbox ADD COLUMN outcome_unknown INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_outbox ADD COLUMN receiver_token TEXT;
