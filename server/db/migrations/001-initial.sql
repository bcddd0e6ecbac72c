-- Cameras mirror camera-config/ (the source of truth for definitions); the store keeps their runtime
-- state and history. A camera removed from the configuration is marked, not deleted, so its history stays.
CREATE TABLE cameras (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  categories    TEXT NOT NULL,            -- JSON array of camera category ids
  community     TEXT NOT NULL,
  grid          TEXT NOT NULL,
  lat           REAL NOT NULL,
  lng           REAL NOT NULL,
  ptz           INTEGER NOT NULL DEFAULT 0,
  source_type   TEXT NOT NULL CHECK (source_type IN ('onvif', 'rtsp')),
  status        TEXT NOT NULL DEFAULT 'unknown'
                CHECK (status IN ('unknown', 'online', 'offline', 'auth-failed', 'unreachable')),
  status_since  TEXT,                     -- UTC ISO 8601
  removed_at    TEXT,                     -- set when the camera left the configuration
  synced_at     TEXT NOT NULL
);
CREATE INDEX cameras_community ON cameras (community, grid);

CREATE TABLE camera_status_history (
  id         INTEGER PRIMARY KEY,
  camera_id  TEXT NOT NULL REFERENCES cameras (id),
  status     TEXT NOT NULL,
  detail     TEXT,
  at         TEXT NOT NULL
);
CREATE INDEX camera_status_history_camera ON camera_status_history (camera_id, at);

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash  TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('admin', 'supervisor', 'operator', 'department', 'wall')),
  department     TEXT,
  disabled_at    TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK ((role = 'department') = (department IS NOT NULL))
);

-- Only a hash of the session token is stored: a copy of the database opens no session.
CREATE TABLE sessions (
  token_hash    TEXT PRIMARY KEY,
  user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at    TEXT NOT NULL,
  last_seen_at  TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  ip            TEXT,
  user_agent    TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Who did what to accounts and sessions: logins (failed ones too), logouts, account changes.
CREATE TABLE auth_events (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  kind      TEXT NOT NULL,
  username  TEXT,
  user_id   INTEGER,
  ip        TEXT,
  detail    TEXT
);
