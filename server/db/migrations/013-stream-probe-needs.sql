-- Camera streams whose SDP carries no H.264/H.265 parameter sets: ffmpeg cannot start them without probing
-- the first media, so their next start probes at once instead of failing first (server/media/probe-memory.ts).
CREATE TABLE stream_probe_needs (
  camera_id   TEXT NOT NULL,
  quality     TEXT NOT NULL CHECK (quality IN ('main', 'sub')),
  learnt_at   TEXT NOT NULL,
  PRIMARY KEY (camera_id, quality)
) WITHOUT ROWID;
