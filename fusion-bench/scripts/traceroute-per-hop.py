#!/usr/bin/env python3
"""The plain Python per-hop baseline for `geofusion traceroute --input` (issue 17).

Reads RIPE Atlas traceroute results (JSON Lines, gzip detected by its magic bytes), and prints
for every hop of every trace what the text table of `geofusion traceroute --input` shows per hop:
TTL, address, probes sent, loss, best, median and worst RTT. No distance model, no anomaly
detection: the floor that a JVM command doing more per hop should still beat in traces/s.

Usage: fusion-bench/scripts/traceroute-per-hop.py FILE > out.txt   (traces/s on stderr)
"""
import gzip
import json
import statistics
import sys
import time


def open_input(path):
    with open(path, "rb") as f:
        magic = f.read(2)
    return gzip.open(path, "rt", encoding="utf-8") if magic == b"\x1f\x8b" else open(
        path, encoding="utf-8")


def main(path):
    start = time.monotonic()
    traces = 0
    out = sys.stdout
    with open_input(path) as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            if "result" not in rec or rec.get("type", "traceroute") != "traceroute":
                continue
            traces += 1
            out.write("traceroute to %s from %s\n" % (rec.get("dst_addr") or rec.get("dst_name"),
                                                     rec.get("from")))
            for hop in rec["result"]:
                replies = hop.get("result") or []
                rtts = [r["rtt"] for r in replies if "rtt" in r]
                addrs = [r["from"] for r in replies if "from" in r]
                sent = len(replies)
                if rtts:
                    out.write("%3d %-15s %d %5.1f%% %.3f %.3f %.3f\n" % (
                        hop.get("hop", 0), addrs[0] if addrs else "*", sent,
                        100.0 * (1.0 - len(rtts) / sent), min(rtts), statistics.median(rtts),
                        max(rtts)))
                else:
                    out.write("%3d * %d 100.0%% - - -\n" % (hop.get("hop", 0), sent))
    elapsed = time.monotonic() - start
    print("%d traces in %.2f s: %.0f traces/s" % (traces, elapsed, traces / elapsed),
          file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: traceroute-per-hop.py FILE")
    main(sys.argv[1])
