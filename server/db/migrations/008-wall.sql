-- The wall display. What operators pushed and rules put on a monitor's zone, until a time; a newer item in
-- the same zone replaces the older (cleared_at set), so the rows are also the wall's history.
CREATE TABLE wall_overrides (
  id           INTEGER PRIMARY KEY,
  monitor      TEXT NOT NULL,
  zone         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('camera', 'layout', 'incident')),
  cameras      TEXT NOT NULL,               -- JSON array: the camera, the layout's cameras
  incident_id  INTEGER REFERENCES incidents (id),
  source       TEXT NOT NULL CHECK (source IN ('push', 'rule')),
  by           TEXT NOT NULL,               -- the username, or the rule's event
  created_at   TEXT NOT NULL,
  until        TEXT NOT NULL,
  cleared_at   TEXT
);
CREATE INDEX wall_overrides_active ON wall_overrides (monitor, cleared_at, until);

-- Who put what on the wall and who cleared it.
CREATE TABLE wall_audit (
  id       INTEGER PRIMARY KEY,
  at       TEXT NOT NULL,
  actor    TEXT NOT NULL,                   -- the username, or the rule's event
  action   TEXT NOT NULL CHECK (action IN ('push', 'clear', 'rule')),
  monitor  TEXT NOT NULL,
  zone     TEXT,                            -- null: a clear of every zone
  what     TEXT                             -- JSON: {camera} | {layout} | {incident}; null for a clear
);
CREATE INDEX wall_audit_at ON wall_audit (at);

-- Kiosk browsers paired to a monitor: each has a `wall` account of its own (no usable password), whose
-- long-lived session the pairing link opens.
CREATE TABLE wall_devices (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  monitor       TEXT NOT NULL,
  user_id       INTEGER NOT NULL UNIQUE REFERENCES users (id),
  created_at    TEXT NOT NULL,
  paired_at     TEXT,
  last_seen_at  TEXT,
  revoked_at    TEXT
);

-- One-time pairing codes: only their SHA-256 is stored.
CREATE TABLE wall_pairing_codes (
  code_hash   TEXT PRIMARY KEY,
  device_id   INTEGER NOT NULL REFERENCES wall_devices (id),
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  used_at     TEXT,
  revoked_at  TEXT
);

-- A device session has no idle limit (the kiosk may be switched off over a holiday); it ends at expires_at.
ALTER TABLE sessions ADD COLUMN idle_limit INTEGER NOT NULL DEFAULT 1;
