-- Incidents (the case loop). Due times are stored, so escalation survives restarts.
CREATE TABLE incidents (
  id                  INTEGER PRIMARY KEY,
  code                TEXT NOT NULL UNIQUE,
  camera_id           TEXT,
  category            TEXT NOT NULL,
  severity            TEXT NOT NULL CHECK (severity IN ('low', 'normal', 'high', 'urgent')),
  note                TEXT NOT NULL DEFAULT '',
  community           TEXT,
  grid                TEXT,
  lat                 REAL,
  lng                 REAL,
  address             TEXT,
  stage               TEXT NOT NULL,
  lead                TEXT,
  assisting           TEXT NOT NULL DEFAULT '[]',   -- JSON array of department ids
  suggested_lead      TEXT,
  suggested_assisting TEXT NOT NULL DEFAULT '[]',
  acknowledge_minutes INTEGER NOT NULL,
  handle_minutes      INTEGER NOT NULL,
  reported_by         TEXT NOT NULL,
  source              TEXT NOT NULL DEFAULT 'console',
  reported_at         TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  dispatched_at       TEXT,
  acknowledge_due_at  TEXT,
  handle_due_at       TEXT,
  escalated_at        TEXT,
  -- Which deadlines have already been escalated, so each is escalated once: 'acknowledge', 'handle'.
  escalations         TEXT NOT NULL DEFAULT '[]',
  close_reason        TEXT,
  merged_into         INTEGER REFERENCES incidents (id),
  has_snapshot        INTEGER NOT NULL DEFAULT 0,
  has_clip            INTEGER NOT NULL DEFAULT 0,
  photos              INTEGER NOT NULL DEFAULT 0,
  version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incidents_stage ON incidents (stage, reported_at);
CREATE INDEX incidents_lead ON incidents (lead, stage);
CREATE INDEX incidents_camera ON incidents (camera_id, reported_at);

-- The timeline: appended, never changed (no UPDATE or DELETE anywhere in the code).
CREATE TABLE incident_timeline (
  id           INTEGER PRIMARY KEY,
  incident_id  INTEGER NOT NULL REFERENCES incidents (id),
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  actor_role   TEXT NOT NULL,
  kind         TEXT NOT NULL,
  from_stage   TEXT,
  to_stage     TEXT,
  text         TEXT,
  data         TEXT
);
CREATE INDEX incident_timeline_incident ON incident_timeline (incident_id, id);
CREATE TRIGGER incident_timeline_no_update BEFORE UPDATE ON incident_timeline
  BEGIN SELECT RAISE(ABORT, 'the incident timeline is append-only'); END;
CREATE TRIGGER incident_timeline_no_delete BEFORE DELETE ON incident_timeline
  BEGIN SELECT RAISE(ABORT, 'the incident timeline is append-only'); END;

-- Live events, numbered: what a reconnecting client missed is read back from here.
-- departments: JSON array of the departments that may see it (lead and assisting at the time).
CREATE TABLE incident_events (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id  INTEGER NOT NULL REFERENCES incidents (id),
  kind         TEXT NOT NULL,
  departments  TEXT NOT NULL,
  entry_id     INTEGER,
  at           TEXT NOT NULL
);

-- Photos posted with progress notes, stored under DATA_DIR/evidence/<incident>/.
CREATE TABLE incident_photos (
  id           INTEGER PRIMARY KEY,
  incident_id  INTEGER NOT NULL REFERENCES incidents (id),
  file         TEXT NOT NULL,
  content_type TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  uploaded_by  TEXT NOT NULL,
  at           TEXT NOT NULL
);
