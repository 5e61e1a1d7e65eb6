#!/usr/bin/env bash
# Load and soak figures of `geofusion serve` on loopback (docs/evaluation.md, "Server"):
#   1. start-up: time from launching `geofusion serve` to its first answer;
#   2. POST /v1/locate with a 200-vantage body: sustained req/s and p50/p99 latency (wrk);
#   3. SSE fan-out: 100 clients on GET /events, N results posted, time until every client
#      has every event;
#   4. RSS of the server process during a soak of POST /v1/locate (wrk), sampled every 10 s.
# Only 127.0.0.1 is ever contacted; every loop is bounded in count and time.
#
# usage: [GEOFUSION_JAVA_OPTS=-Xmx384m] fusion-bench/scripts/server-load.sh [DURATION_S=30] [SOAK_S=600] [PORT=18181]
# (without a heap cap the JVM may grow its heap to a quarter of the machine's memory, and RSS with it)
# needs: a built tree (./mvnw -B -q package -DskipTests), wrk, curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
DUR=${1:-30}
SOAK=${2:-600}
PORT=${3:-18181}
URL="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  jobs -p | xargs -r kill 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "server-load: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

# A 200-vantage body in the triangulate shape: vantages on a ring around Frankfurt, RTTs from
# their distance at 2/3 c plus 1 ms (a feasible, consistent target).
awk 'BEGIN {
  pi = atan2(0, -1); lat0 = 50.11; lon0 = 8.68;
  printf "{\"target\":\"192.0.2.77\",\"vantages\":[";
  for (i = 0; i < 200; i++) {
    d = 200 + 30 * i;                      # km
    b = 2 * pi * i / 200;
    lat = lat0 + d / 111.2 * cos(b);
    if (lat > 89) lat = 89; if (lat < -89) lat = -89;
    lon = lon0 + d / (111.2 * cos(lat0 * pi / 180)) * sin(b);
    while (lon > 180) lon -= 360; while (lon < -180) lon += 360;
    rtt = 2 * d / 199.86 + 1.0;
    printf "%s{\"id\":\"v%d\",\"lat\":%.4f,\"lon\":%.4f,\"min_rtt_ms\":%.3f}", (i ? "," : ""), i, lat, lon, rtt;
  }
  printf "],\"geoip\":{\"lat\":50.1,\"lon\":8.7,\"accuracy_radius_km\":50}}\n";
}' > "$WORK/body.json"
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$WORK/body.json", "r")
wrk.body = f:read("*a")
f:close()
LUA

echo "== server: $(java -version 2>&1 | head -1); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
start=$(date +%s%N)
bin/geofusion serve --listen "127.0.0.1:$PORT" > "$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "$URL/v1/status" && break
  sleep 0.05
done
up=$(date +%s%N)
JAVA_PID=$(pgrep -P "$SERVER_PID" java || echo "$SERVER_PID")
echo "== start-up: first answer after $(( (up - start) / 1000000 )) ms"
code=$(curl -s -o "$WORK/one.json" -w '%{http_code}' -H 'Content-Type: application/json' --data-binary @"$WORK/body.json" "$URL/v1/locate")
[ "$code" = 200 ] || { echo "server-load: POST /v1/locate answered $code: $(head -c 300 "$WORK/one.json")" >&2; exit 1; }
echo "== body: $(wc -c < "$WORK/body.json") bytes, 200 vantages"

echo "== POST /v1/locate, wrk -t2 -c4 -d${DUR}s (after a 10 s warm-up)"
wrk -t2 -c4 -d10s -s "$WORK/post.lua" "$URL/v1/locate" > /dev/null
wrk -t2 -c4 -d"${DUR}s" --latency -s "$WORK/post.lua" "$URL/v1/locate" | tee "$WORK/wrk.txt" \
  | grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors' || true

echo "== SSE fan-out: 100 clients, 50 results (2 events each: HOST_LOCATION, GRAPH_CHANGE)"
for i in $(seq 1 100); do
  curl -sN --max-time 300 -H 'Accept: text/event-stream' "$URL/events" > "$WORK/sse.$i" 2>/dev/null &
done
for _ in $(seq 1 200); do
  [ "$(curl -s "$URL/v1/status" | sed 's/.*"clients":\([0-9]*\).*/\1/')" -ge 100 ] && break
  sleep 0.05
done
small=$(sed 's/"vantages":\[\({[^}]*}\),.*\],"geoip"/"vantages":[\1],"geoip"/' "$WORK/body.json")
t0=$(date +%s%N)
for i in $(seq 1 50); do
  curl -s -o /dev/null -H 'Content-Type: application/json' --data "${small/192.0.2.77/192.0.2.$((i + 100))}" "$URL/v1/locate"
done
t1=$(date +%s%N)
complete=0
for _ in $(seq 1 600); do
  complete=0
  for i in $(seq 1 100); do
    [ "$(grep -c '^id:' "$WORK/sse.$i" || true)" -ge 100 ] && complete=$((complete + 1))
  done
  [ "$complete" -eq 100 ] && break
  sleep 0.1
done
t2=$(date +%s%N)
echo "   posting took $(( (t1 - t0) / 1000000 )) ms; all 100 clients had all 100 events $(( (t2 - t1) / 1000000 )) ms after the last post ($complete/100 complete)"
curl -s "$URL/v1/status"; echo
jobs -p | grep -v "^$SERVER_PID$" | xargs -r kill 2>/dev/null || true

echo "== soak: POST /v1/locate for ${SOAK}s, RSS every 10 s (kB)"
wrk -t2 -c4 -d"${SOAK}s" -s "$WORK/post.lua" "$URL/v1/locate" > "$WORK/soak.txt" &
WRK=$!
rss=()
for _ in $(seq 1 $(( SOAK / 10 ))); do
  sleep 10
  rss+=("$(awk '/VmRSS/ {print $2}' "/proc/$JAVA_PID/status")")
done
wait "$WRK" || true
echo "   RSS samples: ${rss[*]}"
printf '   RSS first %s kB, max %s kB, last %s kB\n' "${rss[0]}" "$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)" "${rss[-1]}"
grep -E 'Requests/sec|requests in' "$WORK/soak.txt" | sed 's/^/   /'
