-- Who watched which camera, when, at which quality: privacy rules require it. One row per viewing
-- session; ended_at stays NULL while it lasts (and is closed at the next start after a crash).
CREATE TABLE viewing_sessions (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  username    TEXT NOT NULL,
  camera_id   TEXT NOT NULL,
  quality     TEXT NOT NULL CHECK (quality IN ('main', 'sub')),
  started_at  TEXT NOT NULL,
  ended_at    TEXT,
  ip          TEXT
);
CREATE INDEX viewing_sessions_camera ON viewing_sessions (camera_id, started_at);
CREATE INDEX viewing_sessions_user ON viewing_sessions (user_id, started_at);
