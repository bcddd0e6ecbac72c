-- Recorded segments: one row per closed fMP4 file under DATA_DIR/recordings. A row is written only
-- after its file was fsynced and renamed into place, so every row names a complete file (the start-up
-- reconciliation repairs the other direction). `fragments` is the file's seek index: JSON
-- [[bytes, durationMs, keyframe 0|1], ...] after the init segment's `init_bytes`, for byte-range playlists.
CREATE TABLE recordings (
  id          INTEGER PRIMARY KEY,
  camera_id   TEXT NOT NULL,
  quality     TEXT NOT NULL CHECK (quality IN ('main', 'sub')),
  start_ms    INTEGER NOT NULL,
  end_ms      INTEGER NOT NULL CHECK (end_ms > start_ms),
  bytes       INTEGER NOT NULL,
  path        TEXT NOT NULL UNIQUE,
  state       TEXT NOT NULL CHECK (state IN ('complete', 'repaired')),
  -- 1: the first file of a stream run (after a start or a camera drop): its timestamps do not continue the previous file's.
  new_run     INTEGER NOT NULL DEFAULT 0,
  init_bytes  INTEGER NOT NULL,
  fragments   TEXT NOT NULL
);
CREATE INDEX recordings_camera_time ON recordings (camera_id, start_ms);
CREATE INDEX recordings_start ON recordings (start_ms);

-- Ranges an incident's evidence needs: retention and the quota never delete a recording overlapping one
-- until the incident is archived (the lock is then removed).
CREATE TABLE recording_locks (
  incident_id INTEGER NOT NULL,
  camera_id   TEXT NOT NULL,
  from_ms     INTEGER NOT NULL,
  to_ms       INTEGER NOT NULL,
  PRIMARY KEY (incident_id, camera_id)
);
CREATE INDEX recording_locks_camera ON recording_locks (camera_id, from_ms);

-- A playback is a viewing too: its kind and the recorded range it covered.
ALTER TABLE viewing_sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'live' CHECK (kind IN ('live', 'playback'));
ALTER TABLE viewing_sessions ADD COLUMN range_start TEXT;
ALTER TABLE viewing_sessions ADD COLUMN range_end TEXT;
