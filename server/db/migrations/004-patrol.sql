-- Named split layouts, per user.
CREATE TABLE layouts (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  cameras     TEXT NOT NULL,            -- JSON array of camera ids or null (empty tile)
  updated_at  TEXT NOT NULL,
  UNIQUE (user_id, name)
);

-- What each user's console showed when they left it: restored at the next login.
CREATE TABLE console_states (
  user_id     INTEGER PRIMARY KEY REFERENCES users (id),
  kind        TEXT NOT NULL,
  cameras     TEXT NOT NULL,
  layout_id   INTEGER,
  updated_at  TEXT NOT NULL
);

-- Patrol tours (巡查): shared by the room. Deleted tours are kept (runs refer to them), marked.
CREATE TABLE tours (
  id             INTEGER PRIMARY KEY,
  name           TEXT NOT NULL,
  items          TEXT NOT NULL,         -- JSON array of {type, id}
  kind           TEXT NOT NULL,
  dwell_seconds  INTEGER NOT NULL,
  schedule       TEXT,                  -- JSON {times, weekdays?, graceMinutes?} or NULL
  created_by     TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  deleted_at     TEXT
);

-- Each time a tour was run: by whom, when, whether every page was shown, and which due time it answered.
CREATE TABLE tour_runs (
  id           INTEGER PRIMARY KEY,
  tour_id      INTEGER NOT NULL REFERENCES tours (id),
  user_id      INTEGER NOT NULL REFERENCES users (id),
  username     TEXT NOT NULL,
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  completed    INTEGER NOT NULL DEFAULT 0,
  due_at       TEXT
);
CREATE INDEX tour_runs_tour ON tour_runs (tour_id, started_at);

CREATE INDEX viewing_sessions_ended ON viewing_sessions (ended_at);
