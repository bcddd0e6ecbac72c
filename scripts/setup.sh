#!/usr/bin/env bash
# npm run setup: everything a fresh Debian machine needs, idempotent and quick when nothing is missing.
#   1. system packages (ffmpeg, Chromium for browser tests) through apt-get, when missing
#   2. npm ci, when node_modules does not match package-lock.json
#   3. the web build, when dist/web is missing or older than its sources
#   4. the simulated fleet's clips, when not cached yet (about 35 s once)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[setup] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else say "need root for: $*  (run it yourself, then npm run setup again)"; exit 1
  fi
}

missing=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v setpriv >/dev/null || missing+=(util-linux)
# A CJK font, so Chromium (browser tests, screenshots, the wall display on this machine) can draw Chinese.
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  say "system packages present: ffmpeg $(ffmpeg -version | head -1 | cut -d' ' -f3), $(/usr/bin/chromium --version 2>/dev/null | head -1)"
fi

lock_hash=$(sha256sum package-lock.json | cut -c1-16)
stamp=node_modules/.setup-lock-hash
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  say "npm ci (better-sqlite3 compiles from source: about a minute)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > "$stamp"
else
  say "node_modules matches package-lock.json"
fi

if [ ! -f dist/web/index.html ] || [ -n "$(find web server/contracts vite.config.ts package-lock.json -newer dist/web/index.html -print -quit)" ]; then
  say "building the web app"
  npx vite build --logLevel warn
else
  say "web app is built"
fi
say "preparing the simulated fleet's clips"
node --import tsx fixtures/fleet/main.ts --prepare --quiet
say "done"
