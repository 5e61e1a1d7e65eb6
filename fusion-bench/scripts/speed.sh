#!/usr/bin/env bash
# Issue 17's figures in one run: start-up, GeoIP lookup, single-target triangulate, bulk
# traceroute parsing (against the Python per-hop baseline, with peak RSS), each side by side and
# interleaved round by round (interleave.py; medians), the population prior's load in JMH, the live 13-hop
# traceroute as a whole process against the system traceroute (traceroute-compare.sh, root only)
# and graph queries (graph-query.sh, when it exists). Prints a Markdown table for
# docs/evaluation.md with the load average before and after. Needs the jars built
# (./mvnw -B -q package -DskipTests), mmdblookup (mmdb-bin) and python3 (hyperfine for the
# live traceroute).
# Usage: fusion-bench/scripts/speed.sh [runs]    (GEOFUSION_MAIN_JAR=path adds main's jar)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
runs="${1:-15}"
for tool in mmdblookup python3 java; do
  command -v "$tool" >/dev/null || { echo "speed.sh: $tool is not installed" >&2; exit 2; }
done
gf="$root/bin/geofusion"
data="${GEOFUSION_DATA:-$root/../shared/data}"
mmdb="$data/maxmind-db-test/test-data/GeoIP2-City-Test.mmdb"
atlas="$data/ripe-atlas-msm5004-traceroutes/2015-10-20_00-00-00_msmId5004.json.gz"
for f in "$mmdb" "$atlas"; do
  [ -f "$f" ] || { echo "speed.sh: $f is missing (set GEOFUSION_DATA to the shared data folder)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%MZ)
# A cache of our own, so the figures include the archives' effect but not another run's state.
export XDG_CACHE_HOME="$work/cache"
(cd "$work" && "$gf" demo >/dev/null)
head -n 1 "$work/geofusion-demo/groundtruth.ndjson" > "$work/one.ndjson"
ip=81.2.69.142

# Median wall time (s) and median user+sys CPU (s) of one command in interleave.py's JSON.
stat() {
  python3 - "$1" "$2" <<'PY'
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"] if x["command"] == sys.argv[2]][0]
print("%.4f %.4f %d" % (r["median"], r["cpu"], r["max_rss_kb"]))
PY
}
il=fusion-bench/scripts/interleave.py

# Each command once, so every subcommand's AppCDS archive exists before timing (first runs write it).
"$gf" --version >/dev/null
"$gf" geoip lookup "$ip" --geoip-city "$mmdb" >/dev/null
"$gf" triangulate --input "$work/one.ndjson" >/dev/null

# Interleaved (interleave.py: every round runs each command once), so a changing load on a
# shared machine hits every command alike; medians.
python3 "$il" "$work/start.json" "$runs" 3 \
  "java-version=java -version" \
  "version=$gf --version" \
  "geoip=$gf geoip lookup $ip --geoip-city $mmdb" \
  "mmdblookup=mmdblookup --file $mmdb --ip $ip" \
  "triangulate=$gf triangulate --input $work/one.ndjson"

read -r jv jvc _ < <(stat "$work/start.json" java-version)
read -r v vc _ < <(stat "$work/start.json" version)
read -r g gc _ < <(stat "$work/start.json" geoip)
read -r m mc _ < <(stat "$work/start.json" mmdblookup)
read -r t tc _ < <(stat "$work/start.json" triangulate)

# Bulk: both sides write their per-hop table to a file; peak RSS is the largest of the runs.
bulk_runs=$(( runs < 5 ? runs : 5 ))
python3 "$il" "$work/bulk.json" "$bulk_runs" 1 \
  "geofusion=sh -c '$gf traceroute --input $atlas > $work/gf.txt 2>/dev/null'" \
  "python=sh -c 'python3 fusion-bench/scripts/traceroute-per-hop.py $atlas > $work/py.txt 2>/dev/null'"
read -r b bc rss_kb < <(stat "$work/bulk.json" geofusion)
read -r p pc _ < <(stat "$work/bulk.json" python)
traces=$(grep -c '^traceroute to' "$work/gf.txt")
if [ -n "${GEOFUSION_MAIN_JAR:-}" ]; then
  java -jar "$GEOFUSION_MAIN_JAR" traceroute --input "$atlas" > "$work/main.txt" 2>/dev/null
  "$gf" traceroute --input "$atlas" > "$work/ours.txt" 2>/dev/null
  cmp -s "$work/main.txt" "$work/ours.txt" && same="byte-identical to main's jar" || same="DIFFERS from main's jar"
else
  same="(set GEOFUSION_MAIN_JAR to compare with main)"
fi

# Live traceroute of the emulated 13-hop path (12 routers and the destination), whole process.
live="skipped: needs root, /dev/net/tun, traceroute and ip"
if [ "$(id -u)" = 0 ] && [ -c /dev/net/tun ] && command -v traceroute >/dev/null \
    && command -v ip >/dev/null; then
  if WHOLE_ONLY=1 fusion-bench/scripts/traceroute-compare.sh "$runs" > "$work/live.txt" 2>&1; then
    live=$(grep '^RESULT whole process twelve-hop:' "$work/live.txt" | sed 's/^RESULT whole process twelve-hop: //')
  else
    live="failed: $(tail -n 1 "$work/live.txt")"
  fi
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$jv" "$jvc" "$v" "$vc" "$g" "$gc" "$m" "$mc" "$t" "$tc" "$b" "$bc" "$p" "$pc" \
  "$traces" "$rss_kb" "$same" "$runs" "$live" "$load_before" "$load_after" "$started" <<'PY'
import sys
a = sys.argv[1:]
jv, jvc, v, vc, g, gc, m, mc, t, tc, b, bc, p, pc = map(float, a[:14])
traces, rss_kb, same, runs = int(a[14]), int(a[15]), a[16], a[17]
live, load_before, load_after, started = a[18], a[19], a[20], a[21]
print("Measured %s; load average (1, 5, 15 min) %s before, %s after." % (started, load_before,
      load_after))
print()
ms = lambda s: "%.0f ms" % (s * 1000)
print("| figure | wall (median of %s) | CPU (user+sys, median) | ratio (wall) | target | met |" % runs)
print("|---|---|---|---|---|---|")
print("| `java -version` | %s | %s | 1 | | |" % (ms(jv), ms(jvc)))
print("| `geofusion --version` | %s | %s | %.2f x java -version | <= 2.5 x | %s |"
      % (ms(v), ms(vc), v / jv, "yes" if v / jv <= 2.5 else "no"))
print("| `geofusion geoip lookup` (1 address) | %s | %s | %.0f x mmdblookup (%s) | <= 0.35 s | %s |"
      % (ms(g), ms(gc), g / m, ms(m), "yes" if g <= 0.35 else "no"))
print("| `geofusion triangulate` (1 target) | %s | %s | %.2f x --version | <= 1.5 x | %s |"
      % (ms(t), ms(tc), t / v, "yes" if t / v <= 1.5 else "no"))
print("| `traceroute --input` msm5004 (%d traces) | %.2f s = %.0f traces/s | %.2f s (Python %.2f s) | %.2f x Python (%.0f traces/s) | >= 1 x | %s |"
      % (traces, b, traces / b, bc, pc, p / b, traces / p, "yes" if b <= p else "no"))
print("| peak RSS of that run | %d MB | | | <= 256 MB | %s |"
      % (rss_kb // 1024, "yes" if rss_kb <= 256 * 1024 else "no"))
import re
lm = re.match(r"geofusion (\d+) ms \(CPU (\d+) ms\), traceroute (\d+) ms \(CPU (\d+) ms\): ([0-9.]+)x", live)
if lm:
    print("| live `traceroute` 13-hop path, whole process | %s ms | %s ms | %s x `traceroute -n -q 3` (%s ms) | <= 1.2 x | %s |"
          % (lm.group(1), lm.group(2), lm.group(5), lm.group(3),
             "yes" if float(lm.group(5)) <= 1.2 else "no"))
else:
    print("| live `traceroute` 13-hop path, whole process | %s | | | <= 1.2 x | |" % live)
print()
print("Bulk output: " + same + ".")
PY

echo
echo "Population prior, first use in a fresh JVM (JMH single shot):"
# ignoreLock: another JMH run on a shared machine holds /tmp/jmh.lock and would make this one
# exit; the figure is then as noisy as the machine, like every other here.
java -Djmh.ignoreLock=true -jar fusion-bench/target/benchmarks.jar PopulationPriorLoad -f 5 \
  > "$work/jmh.txt" 2>&1 || true
grep -E '^(Benchmark|PopulationPrior)' "$work/jmh.txt" \
  || echo "(JMH did not run: $(grep -m1 -E 'ERROR|Exception' "$work/jmh.txt"))"

echo
if [ -x fusion-bench/scripts/graph-query.sh ]; then
  echo "Graph query (fusion-bench/scripts/graph-query.sh $(( runs < 5 ? runs : 5 )); each full load takes seconds):"
  fusion-bench/scripts/graph-query.sh "$(( runs < 5 ? runs : 5 ))" || echo "graph-query.sh failed (exit $?)"
else
  echo "Graph query: skipped (fusion-bench/scripts/graph-query.sh is not in this checkout)."
fi
