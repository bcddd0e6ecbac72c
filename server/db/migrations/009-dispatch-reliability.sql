-- A reconnecting department's replay asks which incidents left it: events by incident, in order.
CREATE INDEX incident_events_incident ON incident_events (incident_id, seq);

-- Idempotent reports: the first answer to each (caller, Idempotency-Key), written in the same transaction
-- as the incident it created, so a retry returns that answer and never reports twice. Kept 24 hours.
CREATE TABLE idempotency_keys (
  owner         TEXT NOT NULL,
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  status        INTEGER NOT NULL,
  body          TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
