-- What each ONVIF camera offers, as resolved over ONVIF: device information, profiles, the chosen main
-- and sub streams, the snapshot URI. URIs are stored WITHOUT credentials (they live only in the camera
-- configuration). A row belongs to the device address it was resolved from; `stale_at` marks a row a
-- failed pull has cast doubt on, to be resolved afresh before use.
CREATE TABLE camera_media (
  camera_id          TEXT PRIMARY KEY REFERENCES cameras (id),
  address            TEXT NOT NULL,       -- host:port/path of the device service
  manufacturer       TEXT,
  model              TEXT,
  firmware_version   TEXT,
  serial_number      TEXT,
  hardware_id        TEXT,
  profiles           TEXT NOT NULL,       -- JSON array: token, name, encoding, width, height, ptz
  main_profile       TEXT NOT NULL,
  main_uri           TEXT NOT NULL,
  main_codec         TEXT NOT NULL,
  main_width         INTEGER,
  main_height        INTEGER,
  sub_profile        TEXT NOT NULL,
  sub_uri            TEXT NOT NULL,
  sub_codec          TEXT NOT NULL,
  sub_width          INTEGER,
  sub_height         INTEGER,
  snapshot_uri       TEXT,
  ptz_profile        TEXT,
  resolved_at        TEXT NOT NULL,       -- UTC ISO 8601
  stale_at           TEXT
);
