#!/usr/bin/env bash
# Side-by-side speed of GeoFusion's capture pipeline on one large real capture:
#   1. `geofusion pcap F` end to end   vs  `tshark -r F -q -z conv,tcp`     (target: >= 3x faster)
#   2. the in-process reader (framing)  vs  `tcpdump -r F -w /dev/null`     (target: >= 0.5x tcpdump)
# The capture (>= 1 GB by default) is built in /tmp by concatenating real Ethernet captures from
# ../shared/data, re-timed: copies follow each other 1 s apart and gaps longer than 1 s inside a
# capture are squeezed to 1 s (timestamps stay monotonic; handshake RTTs are unchanged). Nothing is written into the repository.
#
# usage: fusion-bench/scripts/pcap-compare.sh [SIZE_MB] [RUNS]
# needs: java 17, python3, hyperfine, tshark, tcpdump; the jars built with
#   ./mvnw -o -q -B -pl fusion-core,fusion-cli,fusion-bench -am package -DskipTests
set -euo pipefail

size_mb=${1:-1024}
runs=${2:-3}
root=$(cd "$(dirname "$0")/../.." && pwd -P)
data=${GEOFUSION_SHARED_DATA:-$root/../shared/data}
out=${PCAP_COMPARE_FILE:-/tmp/geofusion-pcap-compare-${size_mb}MB.pcap}
cli_jar=$root/fusion-cli/target/geofusion.jar
bench_jar=$root/fusion-bench/target/benchmarks.jar

for tool in java python3 hyperfine tshark tcpdump; do
  command -v "$tool" >/dev/null || { echo "pcap-compare: $tool is not installed" >&2; exit 1; }
done
for jar in "$cli_jar" "$bench_jar"; do
  [ -f "$jar" ] || { echo "pcap-compare: $jar missing; build with ./mvnw -o -q -B -pl fusion-core,fusion-cli,fusion-bench -am package -DskipTests" >&2; exit 1; }
done
[ -d "$data/pcapplusplus-tests" ] || { echo "pcap-compare: shared data absent at $data" >&2; exit 1; }

if [ ! -f "$out" ] || [ "$(stat -c %s "$out")" -lt $((size_mb * 1000000)) ]; then
  echo "building $out (${size_mb} MB) from real captures..." >&2
  python3 - "$out" "$size_mb" \
    "$data/pcapplusplus-tests/Pcap++Test-PcapExamples/example.pcap" \
    "$data/pcapplusplus-tests/Pcap++Test-PcapExamples/example2.pcap" \
    "$data/pcapplusplus-tests/Pcap++Test-PcapExamples/650HttpResponses.pcap" \
    "$data/pcapplusplus-tests/Pcap++Test-PcapExamples/4KHttpRequests.pcap" <<'EOF'
import struct, sys
out, size_mb, inputs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def records(path):
    with open(path, 'rb') as f:
        d = f.read()
    magic = struct.unpack('<I', d[:4])[0]
    e = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    m, _, _, _, _, snap, link = struct.unpack(e + 'IHHiIII', d[:24])
    nano = m == 0xa1b23c4d
    assert link == 1, path + ' is not Ethernet'
    p, recs = 24, []
    while p + 16 <= len(d):
        s, frac, cap, orig = struct.unpack(e + 'IIII', d[p:p + 16])
        us = s * 1_000_000 + (frac // 1000 if nano else frac)
        recs.append((us, orig, d[p + 16:p + 16 + cap]))
        p += 16 + cap
    return recs
srcs = [records(p) for p in inputs]
t0 = 1_700_000_000 * 1_000_000
with open(out, 'wb') as o:
    o.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    written, now, i = 24, t0, 0
    while written < size_mb * 1_000_000:
        recs = srcs[i % len(srcs)]
        prev = recs[0][0]
        for us, orig, data in recs:
            # keep gaps up to 1 s (handshake RTTs stay exact), squeeze longer pauses
            now += min(max(us - prev, 0), 1_000_000)
            prev = us
            o.write(struct.pack('<IIII', now // 1_000_000, now % 1_000_000, len(data), orig))
            o.write(data)
            written += 16 + len(data)
        now += 1_000_000
        i += 1
print(f'{out}: {written / 1e6:.0f} MB, {i} copies', file=sys.stderr)
EOF
fi

ls -l "$out" >&2
packets=$(java -cp "$bench_jar" io.geofusion.bench.PcapDecodeBenchmark read "$out" 2>&1 | tee /dev/stderr | sed -E 's/read: ([0-9,]+) packets.*/\1/')
echo "packets: $packets" >&2

res=$(mktemp -d)
echo "== 1. end to end: geofusion pcap vs tshark -q -z conv,tcp" >&2
hyperfine --warmup 1 --runs "$runs" --export-json "$res/e2e.json" \
  -n geofusion "java -jar $cli_jar pcap --top 10 $out > /dev/null" \
  -n tshark "tshark -r $out -q -z conv,tcp > /dev/null"
echo "== 2. reading: in-process reader vs tcpdump -r F -w /dev/null" >&2
hyperfine --warmup 1 --runs "$runs" --export-json "$res/read.json" \
  -n reader "java -cp $bench_jar io.geofusion.bench.PcapDecodeBenchmark read $out" \
  -n reader+decode "java -cp $bench_jar io.geofusion.bench.PcapDecodeBenchmark decode $out" \
  -n tcpdump "tcpdump -r $out -w /dev/null"

python3 - "$res" "$(stat -c %s "$out")" <<'EOF'
import json, sys
res, size = sys.argv[1], int(sys.argv[2])
def load(name):
    return {r['command']: (r['mean'], r['user'] + r['system'])
            for r in json.load(open(f'{res}/{name}.json'))['results']}
e, r = load('e2e'), load('read')
print(f"capture: {size / 1e6:.0f} MB (wall = elapsed; cpu = user + system, robust to a loaded machine)")
for k, (wall, cpu) in {**e, **r}.items():
    print(f"  {k:15s} wall {wall:8.2f} s ({size / wall / 1e6:6.0f} MB/s)   cpu {cpu:8.2f} s")
for label, a, b, target in (("end to end: tshark / geofusion", e['tshark'], e['geofusion'], ">= 3x"),
                            ("reading: tcpdump / reader", r['tcpdump'], r['reader'], ">= 0.5x"),
                            ("reading+decoding: tcpdump / reader+decode", r['tcpdump'], r['reader+decode'], "")):
    print(f"{label}: wall {a[0] / b[0]:.2f}x, cpu {a[1] / b[1]:.2f}x" + (f" (target {target})" if target else ""))
EOF
rm -rf "$res"
