#!/usr/bin/env bash
# Runs the whole suite (`npm test`) N times in a row (default 5) while a busy loop keeps one core busy, as
# on a shared or slow machine; stops at the first failing run. Prints each run's duration and result, then
# one final line. The busy loop is this script's own child, ended by its PID on any exit.
#   N=3 bash scripts/stress-test-suite.sh     (each run's output: test-artifacts/stress-run-<i>.log)
set -uo pipefail
cd "$(dirname "$0")/.."

runs="${N:-5}"
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "N must be a positive whole number of runs, got \"$runs\"" >&2
  exit 2
fi

node -e 'for (;;) {}' &
busy_pid=$!
stop_busy() {
  kill "$busy_pid" 2>/dev/null
  wait "$busy_pid" 2>/dev/null
}
trap stop_busy EXIT
trap 'exit 130' INT TERM

mkdir -p test-artifacts
echo "stress: $runs run(s) of npm test with one core kept busy (busy loop pid $busy_pid)"
suite_started=$SECONDS
for ((run = 1; run <= runs; run++)); do
  log="test-artifacts/stress-run-$run.log"
  started=$SECONDS
  if npm test >"$log" 2>&1; then
    echo "run $run/$runs: passed in $((SECONDS - started)) s"
  else
    echo "run $run/$runs: FAILED in $((SECONDS - started)) s (output: $log)"
    tail -n 30 "$log"
    echo "stress: failed at run $run of $runs after $((SECONDS - suite_started)) s"
    exit 1
  fi
done
echo "stress: all $runs runs passed in $((SECONDS - suite_started)) s"
