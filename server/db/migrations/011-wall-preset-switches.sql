-- A rule's switch of a monitor to another preset until a time (an escalation shows the "incident" preset);
-- a newer switch or a clear of the whole monitor ends it (cleared_at set). Audited in wall_audit as a
-- 'rule' with no zone and what = {"preset": ...}.
CREATE TABLE wall_preset_switches (
  id          INTEGER PRIMARY KEY,
  monitor     TEXT NOT NULL,
  preset      TEXT NOT NULL,
  by          TEXT NOT NULL,                -- the rule's event
  created_at  TEXT NOT NULL,
  until       TEXT NOT NULL,
  cleared_at  TEXT
);
CREATE INDEX wall_preset_switches_active ON wall_preset_switches (monitor, cleared_at, until);
