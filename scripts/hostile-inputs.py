#!/usr/bin/env python3
"""Writes the hostile inputs of docs/reliability.md's peak-RSS table into a folder.

    python3 scripts/hostile-inputs.py /tmp/hostile
    /usr/bin/time -v bin/geofusion probe --input /tmp/hostile/ripe-sent.jsonl
"""
import binascii
import gzip
import json
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "hostile-inputs"
os.makedirs(out, exist_ok=True)
p = lambda name: os.path.join(out, name)

good = {"fw": 4790, "type": "ping", "af": 4, "proto": "ICMP", "prb_id": 6002, "msm_id": 1,
        "timestamp": 1795600100, "from": "192.0.2.2", "src_addr": "192.168.1.20",
        "dst_addr": "198.51.100.7", "size": 48, "sent": 1, "rcvd": 1, "result": [{"rtt": 12.5}]}
bad = dict(good, sent=300000000, prb_id=6001)
open(p("ripe-sent.jsonl"), "w").write(json.dumps(bad) + "\n" + json.dumps(good) + "\n")
huge = dict(good, prb_id=6001, sent=2, rcvd=2, result=[{"rtt": 1e308}, {"rtt": 1e308}])
open(p("huge-rtt.jsonl"), "w").write(json.dumps(huge) + "\n" + json.dumps(good) + "\n")
sc = {"type": "ping", "version": "0.4", "method": "icmp-echo", "src": "192.0.2.1",
      "dst": "198.51.100.8", "start": {"sec": 1700000000, "usec": 0}, "ping_sent": 2147483647,
      "responses": [{"from": "198.51.100.8", "seq": 0, "rtt": 3.5}]}
open(p("scamper-sent.jsonl"), "w").write(json.dumps(sc) + "\n")
open(p("ping-huge.txt"), "w").write(
    "PING 198.51.100.7 (198.51.100.7) 56(84) bytes of data.\n"
    "64 bytes from 198.51.100.7: icmp_seq=1 ttl=57 time=12.5 ms\n\n"
    "--- 198.51.100.7 ping statistics ---\n"
    "999999999 packets transmitted, 1 received, 99% packet loss, time 0ms\n")


def snapshot(name, seq, nodes):
    h = ('{"format":"geofusion-graph-snapshot","version":1,"seq":%d,"nodes":%d,"edges":0,'
         '"created":"1970-01-01T00:00:00Z"}\n' % (seq, nodes))
    crc = binascii.crc32(h.encode()) & 0xffffffff
    open(p(name), "w").write(h + '{"end":true,"crc32":"%08x"}\n' % crc)


snapshot("snap-nodes.json", 1, 2147483648)
snapshot("snap-seq.json", 9223372036854775807, 0)
res = [{"from": "10.%d.%d.%d" % (i >> 16, (i >> 8) & 255, i & 255), "rtt": 1.0 + i * 1e-5,
        "size": 68, "ttl": 255} for i in range(200000)]
tr = {"fw": 4790, "type": "traceroute", "af": 4, "proto": "ICMP", "prb_id": 6001, "msm_id": 2,
      "timestamp": 1795600100, "from": "192.0.2.1", "src_addr": "192.168.1.20",
      "dst_addr": "198.51.100.20", "size": 48, "paris_id": 1,
      "result": [{"hop": 1, "result": res}]}
open(p("trace-200k.json"), "w").write(json.dumps(tr) + "\n")
with gzip.open(p("bomb.jsonl.gz"), "wb", compresslevel=9) as f:  # 1 MB holding a 1 GB line
    f.write((json.dumps(good) + "\n").encode())
    f.write(b'{"type":"ping","x":"')
    for _ in range(60):
        f.write(b"a" * (1 << 24))
    f.write(b'"}\n')
