-- The transactional outbox to the district case system: written in the same transaction as the incident
-- change it reports, delivered in order per incident by a worker, parked after too many failures.
CREATE TABLE case_outbox (
  id               INTEGER PRIMARY KEY,
  incident_id      INTEGER NOT NULL REFERENCES incidents (id),
  kind             TEXT NOT NULL CHECK (kind IN ('request', 'update')),
  stage            TEXT NOT NULL,
  text             TEXT,
  created_at       TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'parked')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  last_error       TEXT,
  delivered_at     TEXT
);
CREATE INDEX case_outbox_pending ON case_outbox (state, incident_id, id);

-- The case system's id for each incident it accepted.
CREATE TABLE incident_external (
  incident_id         INTEGER PRIMARY KEY REFERENCES incidents (id),
  service_request_id  TEXT NOT NULL UNIQUE,
  created_at          TEXT NOT NULL
);

-- Updates seen from the case system (and our own, echoed back), so none is applied twice.
CREATE TABLE case_updates_seen (
  update_id  TEXT PRIMARY KEY,
  seen_at    TEXT NOT NULL
);

CREATE TABLE feed_state (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);

-- Inbound Open311 clients (the grid app, the service window): only a hash of each key is kept.
CREATE TABLE open311_clients (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  key_hash    TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
);
