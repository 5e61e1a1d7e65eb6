#!/usr/bin/env bash
# Issue 17's graph-query figure: one node's neighbours on a 1 M-edge snapshot, whole process,
# through the snapshot's index (<snapshot>.idx) against the full load (`--no-index`), side by side:
# wall time (hyperfine -N, interleaved, medians) and peak RSS (GNU time, the largest of the runs).
# The snapshot is made by `geofusion graph load` from generated JSON lines: 100,000 hosts with 10
# edges each (to one of 500 ASNs, three of 3,000 services, six other hosts), one in ten hosts with
# a located fusion result, each ASN in one of 50 orgs: 1,000,500 edges, 100,000 + 3,550 nodes.
# Also checks that both paths print the same bytes for the queries timed and a few more.
# Needs the jar built (./mvnw -B -q package -DskipTests), hyperfine, python3, /usr/bin/time.
# Usage: fusion-bench/scripts/graph-query.sh [runs]   (KEEP=dir keeps the snapshot there)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
runs="${1:-10}"
for tool in hyperfine python3 java /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "graph-query.sh: $tool is not installed" >&2; exit 2; }
done
gf="$root/bin/geofusion"
if [ -n "${KEEP:-}" ]; then work=$KEEP; mkdir -p "$work"; else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
export XDG_CACHE_HOME="$work/cache"
snap="$work/million.snap"

if [ ! -f "$snap" ]; then
  python3 - "$work/edges.jsonl" <<'PY'
import json, sys
hosts = 100_000
def host(h):
    return "host:10.%d.%d.%d" % (h >> 16, (h >> 8) & 255, h & 255)
with open(sys.argv[1], "w") as f:
    for a in range(500):
        f.write(json.dumps({"src": "asn:%d" % (64496 + a), "kind": "ASN_IN_ORG",
                            "dst": "org:o%d" % (a % 50)}) + "\n")
    for h in range(hosts):
        if h % 10 == 0:
            lat, lon = -60 + (h * 7919 % 12000) / 100.0, -180 + (h * 104729 % 36000) / 100.0
            f.write(json.dumps({"node": host(h), "location_distribution": {
                "type": "gaussian_mixture", "uncertainty_km": 50 + h % 400,
                "centroids": [{"lat": lat, "lon": lon, "weight": 1.0}],
                "circle": {"lat": lat, "lon": lon, "radius_km": 80 + h % 300, "probability": 0.9}},
                "evidence": {"rtt": 0.8, "geoip": 0.5}}) + "\n")
        for i in range(h * 10, h * 10 + 10):
            k = i % 10
            if k == 0:
                dst, kind = "asn:%d" % (64496 + h % 500), "INFERRED_HOST_IN_ORG"
            elif k <= 3:
                dst, kind = "service:tcp/%d" % (i % 3000), "INFERRED_HOST_OFFERS_SERVICE"
            else:
                dst, kind = host((h * 31 + i) % hosts), "INFERRED_FLOW_IN_SERVICE"
            f.write(json.dumps({"src": host(h), "kind": kind, "dst": dst,
                                "confidence": 0.5 + (i % 50) / 100.0,
                                "attributes": {"rule_id": "r%d" % (i % 7)}}) + "\n")
PY
  echo "loading the snapshot (graph load, whole heap needed once) ..." >&2
  /usr/bin/time -f 'graph load: %e s wall, %M KB peak RSS' \
    "$gf" graph load --snapshot "$snap" --fresh "$work/edges.jsonl" 2>&1 >/dev/null | tail -n 2 >&2
  rm -f "$work/edges.jsonl"
fi
ls -l "$snap" "$snap.idx" >&2

node=host:10.0.48.57
q="graph query --snapshot $snap --neighbours $node"
# Every query once through each path: the AppCDS archive of `graph` is recorded, and the outputs
# are compared byte for byte.
same=yes
for args in "--neighbours $node" "--neighbours $node --direction IN" \
    "--neighbours asn:64500 --kind INFERRED_HOST_IN_ORG" "--neighbours org:o7" \
    "--hosts-in org:o7" "--hosts-in asn:64999"; do
  # shellcheck disable=SC2086
  "$gf" graph query --snapshot "$snap" $args > "$work/with.txt" 2>/dev/null
  # shellcheck disable=SC2086
  "$gf" graph query --snapshot "$snap" $args --no-index > "$work/without.txt" 2>/dev/null
  if ! cmp -s "$work/with.txt" "$work/without.txt"; then
    same=no; echo "graph-query.sh: outputs differ for $args" >&2
  fi
done
"$gf" $q > "$work/with.txt" 2>/dev/null
neighbours=$(wc -l < "$work/with.txt")

hyperfine -N --warmup 1 --runs "$runs" --export-json "$work/q.json" \
  -n index "$gf $q" -n full-load "$gf $q --no-index" >/dev/null 2>&1

rss() { # peak RSS in KB, the largest of two runs
  local best=0 r
  for _ in 1 2; do
    # shellcheck disable=SC2086
    /usr/bin/time -f '%M' "$gf" $q "$@" >/dev/null 2>"$work/rss.err"
    r=$(tail -n 1 "$work/rss.err")
    [ "$r" -gt "$best" ] && best=$r
  done
  echo "$best"
}
rss_index=$(rss)
rss_full=$(rss --no-index)

python3 - "$work/q.json" "$rss_index" "$rss_full" "$same" "$runs" "$neighbours" \
  "$(stat -c %s "$snap")" "$(stat -c %s "$snap.idx")" <<'PY'
import json, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ri, rf = int(sys.argv[2]), int(sys.argv[3])
same, runs, n, snap, idx = sys.argv[4], sys.argv[5], sys.argv[6], int(sys.argv[7]), int(sys.argv[8])
i, f = res["index"], res["full-load"]
print("Snapshot %.0f MB, index %.1f MB; the query returns %s nodes; outputs byte-identical: %s"
      % (snap / 1e6, idx / 1e6, n, same))
print()
print("| path | wall (median of %s) | CPU (user+sys, mean) | peak RSS | target | met |" % runs)
print("|---|---|---|---|---|---|")
print("| index | %.0f ms | %.0f ms | %d MB | <= 0.5 s, <= 300 MB | %s |"
      % (i["median"] * 1000, (i["user"] + i["system"]) * 1000, ri // 1024,
         "yes" if i["median"] <= 0.5 and ri <= 300 * 1024 else "no"))
print("| full load (`--no-index`) | %.2f s | %.2f s | %d MB | | |"
      % (f["median"], f["user"] + f["system"], rf // 1024))
print("| ratio full / index | %.0f x | %.0f x | %.1f x | | |"
      % (f["median"] / i["median"], (f["user"] + f["system"]) / (i["user"] + i["system"]),
         rf / ri))
PY
