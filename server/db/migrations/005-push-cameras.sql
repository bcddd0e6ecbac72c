-- migrate: foreign keys off
-- Cameras may push RTMP. SQLite cannot change a CHECK constraint: rebuild the table.
CREATE TABLE cameras_new (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  categories    TEXT NOT NULL,
  community     TEXT NOT NULL,
  grid          TEXT NOT NULL,
  lat           REAL NOT NULL,
  lng           REAL NOT NULL,
  ptz           INTEGER NOT NULL DEFAULT 0,
  source_type   TEXT NOT NULL CHECK (source_type IN ('onvif', 'rtsp', 'rtmp-push')),
  status        TEXT NOT NULL DEFAULT 'unknown'
                CHECK (status IN ('unknown', 'online', 'offline', 'auth-failed', 'unreachable')),
  status_since  TEXT,
  removed_at    TEXT,
  synced_at     TEXT NOT NULL
);
INSERT INTO cameras_new SELECT id, name, categories, community, grid, lat, lng, ptz, source_type, status, status_since, removed_at, synced_at FROM cameras;
DROP TABLE cameras;
ALTER TABLE cameras_new RENAME TO cameras;
CREATE INDEX cameras_community ON cameras (community, grid);
