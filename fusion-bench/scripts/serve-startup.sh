#!/usr/bin/env bash
# Start-up of `geofusion serve` (docs/evaluation.md, "Server"): for each run, the time from
# launching the command to its first answered GET /v1/status ("listening") and to the answer of
# its first POST /v1/locate (one target, three vantages: the engine made and a result fused),
# without and with --db FILE (a new history file every run, so DuckDB creates it), and the
# 1-minute load average when the run began. Prints every run and the medians.
# One discarded warm-up run per mode first: bin/geofusion records its class-data-sharing
# archive for `serve` on the first run of a jar, and the OS page cache fills.
# Only 127.0.0.1 is contacted; every wait is bounded.
#
# usage: fusion-bench/scripts/serve-startup.sh [RUNS=7] [PORT=18700]
# needs: a built tree (./mvnw -B -q package -DskipTests), curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-7}
PORT=${2:-18700}
URL="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
PID=""
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v curl >/dev/null || { echo "serve-startup: curl is not installed" >&2; exit 2; }
cat > "$WORK/one.json" <<'JSON'
{"target":"192.0.2.1","vantages":[{"id":"fra","lat":50.11,"lon":8.68,"min_rtt_ms":2.0},{"id":"par","lat":48.85,"lon":2.35,"min_rtt_ms":9.5},{"id":"ams","lat":52.37,"lon":4.9,"min_rtt_ms":6.5}],"geoip":{"lat":50.1,"lon":8.7,"accuracy_radius_km":20}}
JSON

now() { date +%s%N; }

# one_run MODE N: prints "load listening_ms first_locate_ms"
one_run() {
  local mode=$1 n=$2 start listening located load
  local args=(serve --listen "127.0.0.1:$PORT")
  [ "$mode" = db ] && args+=(--db "$WORK/history-$n.duckdb")
  load=$(cut -d' ' -f1 /proc/loadavg)
  start=$(now)
  bin/geofusion "${args[@]}" > "$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 3000); do # at most about 60 s
    curl -s -o /dev/null --max-time 2 "$URL/v1/status" && break
    kill -0 "$PID" 2>/dev/null || { echo "serve-startup: the server exited:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
    sleep 0.01
  done
  listening=$(( ($(now) - start) / 1000000 ))
  curl -sf --max-time 60 -o /dev/null -X POST -H 'Content-Type: application/json' \
    --data-binary @"$WORK/one.json" "$URL/v1/locate"
  located=$(( ($(now) - start) / 1000000 ))
  kill "$PID"
  wait "$PID" 2>/dev/null || true
  PID=""
  echo "$load $listening $located"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "== $(java -version 2>&1 | head -1); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for mode in plain db; do
  one_run "$mode" warmup > /dev/null
  : > "$WORK/$mode.txt"
  for i in $(seq 1 "$RUNS"); do
    r=$(one_run "$mode" "$i")
    echo "$r" >> "$WORK/$mode.txt"
    echo "$mode run $i: load $(echo "$r" | cut -d' ' -f1), listening $(echo "$r" | cut -d' ' -f2) ms, first locate $(echo "$r" | cut -d' ' -f3) ms"
  done
  echo "== $mode ($([ "$mode" = db ] && echo 'with --db FILE' || echo 'no --db')), $RUNS runs:" \
    "median listening $(cut -d' ' -f2 "$WORK/$mode.txt" | median) ms," \
    "median first locate $(cut -d' ' -f3 "$WORK/$mode.txt" | median) ms," \
    "load average $(cut -d' ' -f1 "$WORK/$mode.txt" | sort -n | head -1)-$(cut -d' ' -f1 "$WORK/$mode.txt" | sort -n | tail -1)"
done
