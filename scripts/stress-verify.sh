#!/usr/bin/env bash
# Proves the test suite holds on a busy machine: runs `./mvnw -B verify` three times in a row
# while `stress-ng --cpu 4` keeps every core busy beside it, and stops at the first failure.
#
# Usage:  scripts/stress-verify.sh [extra ./mvnw arguments...]
#         (e.g. scripts/stress-verify.sh -o to build offline)
#
# Installs nothing. stress-ng comes from Debian (`apt-get install -y stress-ng`); .ci/run installs
# it, but CI does not run this script: three full builds under load take too long for every
# change. Run it before changing timing-sensitive tests and before a release.
#
# Exit status: 0 when all three runs pass; otherwise the status of the failing run, after naming
# it (the build output of each run is in target/stress-verify/run-N.log). Exit 2 when stress-ng
# is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=3
CPU_WORKERS=4

if ! command -v stress-ng >/dev/null 2>&1; then
  echo "stress-verify: stress-ng not found; install it with: apt-get install -y stress-ng" >&2
  exit 2
fi

logs=target/stress-verify
mkdir -p "$logs"

# "N tests, F failures, E errors, S skipped" over every module's surefire/failsafe summary line.
summary() {
  grep -E '^\[INFO\] Tests run:' "$1" | grep -v 'Time elapsed' \
    | awk -F'[:,]' '{t += $2; f += $4; e += $6; s += $8}
        END {printf "%d tests, %d failures, %d errors, %d skipped", t, f, e, s}' || true
}

stress_pid=""
stop_stress() {
  if [ -n "$stress_pid" ] && kill -0 "$stress_pid" 2>/dev/null; then
    kill "$stress_pid" 2>/dev/null || true
    wait "$stress_pid" 2>/dev/null || true
  fi
  stress_pid=""
}
trap stop_stress EXIT
trap 'stop_stress; exit 130' INT
trap 'stop_stress; exit 143' TERM

stress-ng --cpu "$CPU_WORKERS" --quiet &
stress_pid=$!
echo "stress-verify: stress-ng --cpu $CPU_WORKERS running (pid $stress_pid) on $(nproc) cores"

for run in $(seq 1 "$RUNS"); do
  log="$logs/run-$run.log"
  echo "stress-verify: run $run of $RUNS: ./mvnw -B verify $* (load $(cut -d' ' -f1 /proc/loadavg))"
  start=$(date +%s)
  status=0
  ./mvnw -B verify "$@" >"$log" 2>&1 || status=$?
  took=$(( $(date +%s) - start ))
  if [ "$status" -ne 0 ]; then
    echo "stress-verify: run $run of $RUNS FAILED (exit $status, ${took} s, load" \
      "$(cut -d' ' -f1 /proc/loadavg)); build output: $log" >&2
    grep -E '<<< (FAILURE|ERROR)!|^\[ERROR\] (Failures|Errors):' "$log" | head -40 >&2 || true
    exit "$status"
  fi
  echo "stress-verify: run $run of $RUNS passed (${took} s): $(summary "$log")"
done
echo "stress-verify: all $RUNS runs passed under stress-ng --cpu $CPU_WORKERS"
