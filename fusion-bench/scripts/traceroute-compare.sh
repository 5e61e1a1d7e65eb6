#!/usr/bin/env bash
# Side by side: GeoFusion's traceroute (library call, backend chosen automatically, UDP like
# traceroute's default) against the system `traceroute -n -q 3`, on the same emulated 12-hop
# path, then on the same path with hops 5 and 9 silent. Both run inside one network namespace
# whose only interface is a TUN device answered by the test harness (see docs/probing.md), so no
# packet leaves the machine. Needs root, /dev/net/tun, iproute2, traceroute and hyperfine.
#
# Our side is a long-running JVM (VirtualNetworkMain) asked through a FIFO, so JVM start-up is
# not counted; the FIFO round trip (a `sh -c` with echo/cat, ~1 ms) is, which slightly favours
# traceroute. Then the whole process (issue 17): `bin/geofusion traceroute --method udp` started
# inside the namespace, JVM start-up included, against `traceroute -n -q 3` on the same path
# (needs the CLI jar built). Usage: fusion-bench/scripts/traceroute-compare.sh [runs]
# (WHOLE_ONLY=1 runs the whole-process comparison alone; GFPROBE_NETNS_TAG=TAG puts TAG in the
# namespace name and leaves every namespace without it alone).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-20}"

[ "$(id -u)" = 0 ] || { echo "traceroute-compare: needs root (network namespace + TUN)" >&2; exit 2; }
for tool in hyperfine traceroute ip; do
  command -v "$tool" >/dev/null || { echo "traceroute-compare: $tool is not installed" >&2; exit 2; }
done

# One invocation, so the classpath names fusion-core's freshly compiled classes (the reactor's
# fusion-probe is built last and writes the file last).
cp_file=$(mktemp)
./mvnw -o -q -B -pl fusion-probe -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
classpath="fusion-probe/target/classes:fusion-probe/target/test-classes:$(cat "$cp_file")"
rm -f "$cp_file"

work=$(mktemp -d)
mkfifo "$work/req" "$work/resp"
java -Dgfprobe.netns.tag="${GFPROBE_NETNS_TAG:-}" -cp "$classpath" io.geofusion.probe.vnet.VirtualNetworkMain twelve-hop "$work" \
  2>"$work/server.log" &
server=$!
cleanup() {
  if kill -0 "$server" 2>/dev/null; then
    (echo quit > "$work/req"; cat "$work/resp" >/dev/null) &
    sleep 2
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 100); do [ -s "$work/ns" ] && break; sleep 0.1; done
[ -s "$work/ns" ] || { echo "traceroute-compare: virtual network did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
ns=$(cat "$work/ns")
ask() { echo "$1" > "$work/req"; cat "$work/resp"; }

gf="$PWD/bin/geofusion"
# Its own archive cache, recorded before timing (first runs write the AppCDS archive).
export XDG_CACHE_HOME="$work/cache"
for scenario in twelve-hop twelve-hop-two-silent; do
  ask "scenario $scenario" >/dev/null
  if [ -x "$gf" ]; then
    ip netns exec "$ns" "$gf" traceroute --method udp 198.18.99.99 | sed 's/^/   /'
    # Interleaved round by round (interleave.py), so both sides see the same load.
    python3 fusion-bench/scripts/interleave.py "$work/$scenario-whole.json" "$runs" 3 \
      "geofusion=ip netns exec $ns $gf traceroute --method udp 198.18.99.99" \
      "traceroute=ip netns exec $ns traceroute -n -q 3 198.18.99.99"
    python3 - "$work/$scenario-whole.json" "$scenario" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, theirs = r[0], r[1]
print(f"RESULT whole process {sys.argv[2]}: geofusion {ours['median']*1e3:.0f} ms "
      f"(CPU {ours['cpu']*1e3:.0f} ms), traceroute {theirs['median']*1e3:.0f} ms "
      f"(CPU {theirs['cpu']*1e3:.0f} ms): {ours['median']/theirs['median']:.2f}x"
      f" (target <= 1.2x)")
PY
  fi
  [ "${WHOLE_ONLY:-0}" = 1 ] && continue
  echo "== $scenario: ours: $(ask 'trace udp')"
  echo "== $scenario: traceroute:"
  ip netns exec "$ns" traceroute -n -q 3 198.18.99.99 | sed 's/^/   /'
  # Ours with its default window (48 in flight), ours with traceroute's window (16), traceroute.
  hyperfine --warmup 3 --runs "$runs" --export-json "$work/$scenario.json" \
    -n "geofusion ($scenario)" "echo 'trace udp' > $work/req && cat $work/resp" \
    -n "geofusion -N 16 ($scenario)" "echo 'trace udp 16' > $work/req && cat $work/resp" \
    -n "traceroute -n -q 3 ($scenario)" "ip netns exec $ns traceroute -n -q 3 198.18.99.99"
  python3 - "$work/$scenario.json" "$scenario" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, ours16, theirs = r[0]["mean"], r[1]["mean"], r[2]["mean"]
print(f"RESULT {sys.argv[2]}: geofusion {ours*1e3:.1f} ms ({ours/theirs:.2f}x), "
      f"geofusion -N 16 {ours16*1e3:.1f} ms ({ours16/theirs:.2f}x), "
      f"traceroute {theirs*1e3:.1f} ms (target <= 1.0x)")
PY
done
