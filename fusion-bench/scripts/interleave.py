#!/usr/bin/env python3
"""Times commands side by side, interleaved: round r runs every command once (in a rotating
order), so a load that changes during the measurement hits every command alike. hyperfine runs
all runs of one command before the next, which on a shared machine compares different loads.

Per command: median wall time, median user+sys CPU and the largest peak RSS of its runs (from
wait4's rusage), written as JSON {"results": [{"command", "median", "cpu", "max_rss_kb",
"walls"}]}. Commands run without a shell (argument lists split like a POSIX shell: shlex);
stdout and stderr go to /dev/null.

Usage: interleave.py OUT.json RUNS WARMUP NAME=COMMAND...
"""
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def run_once(argv):
    start = time.monotonic()
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen(argv, stdout=null, stderr=null)
        _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit("interleave.py: %s exited with %d" % (" ".join(argv), p.returncode))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main(out, runs, warmup, specs):
    commands = []
    for spec in specs:
        name, _, command = spec.partition("=")
        if not command:
            sys.exit("interleave.py: expected NAME=COMMAND, got %r" % spec)
        commands.append((name, shlex.split(command)))
    for _ in range(warmup):
        for _, argv in commands:
            run_once(argv)
    samples = {name: [] for name, _ in commands}
    for r in range(runs):
        k = r % len(commands)
        for name, argv in commands[k:] + commands[:k]:
            samples[name].append(run_once(argv))
    results = []
    for name, _ in commands:
        s = samples[name]
        results.append({"command": name, "median": statistics.median(w for w, _, _ in s),
                        "cpu": statistics.median(c for _, c, _ in s),
                        "max_rss_kb": max(m for _, _, m in s), "walls": [w for w, _, _ in s]})
    with open(out, "w") as f:
        json.dump({"results": results}, f, indent=1)


if __name__ == "__main__":
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:])
