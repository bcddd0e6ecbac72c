#!/usr/bin/env bash
# `npm test`: the typecheck (tsc, then svelte-check: one core) runs beside vitest, whose integration tests
# leave part of the machine idle while they wait on real time; it fails when either fails. The typecheck's
# output is printed after the tests', so the two do not interleave. Arguments go to vitest.
set -uo pipefail
cd "$(dirname "$0")/.."

typecheck_log=$(mktemp)
npm run --silent typecheck >"$typecheck_log" 2>&1 &
typecheck_pid=$!
cleanup() {
  kill "$typecheck_pid" 2>/dev/null
  rm -f "$typecheck_log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

npx vitest run "$@"
tests=$?
wait "$typecheck_pid"
typecheck=$?
if ((typecheck == 0)); then
  echo "typecheck: passed"
else
  cat "$typecheck_log"
  echo "typecheck: FAILED (exit $typecheck)"
fi
((tests == 0 && typecheck == 0))
