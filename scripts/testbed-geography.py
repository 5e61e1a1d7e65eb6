#!/usr/bin/env python3
"""Derives the multi-vantage testbed's delay model from real RTTs (WonderNetwork, 2020-07-19).

Usage:  scripts/testbed-geography.py [--data ../shared/data/wondernetwork-pings]
Prints  the distribution of RTT / great-circle time, and the testbed constants.

For every directed pair of WonderNetwork servers with known positions and a great-circle
distance d in [MIN_KM, MAX_KM] (the testbed's European scale; closer pairs are dominated by
position error), the great-circle time is t = 2 d / (2/3 c) and the ratio is
(min RTT - floor) / t. The testbed's emulated RTT is floor + stretch * t + jitter, with the
stretch at the QUANTILE of the European ratios: faster than most real paths, as data-centre agents
often are, but inside the body of the distribution that fusion-core's RTT likelihood was fitted
on (RttLikelihoodModel.WONDERNETWORK_2020, the same data) rather than in its tail. The jitter bound is compared with how much the minimum
RTT of one path differs when measured from its two ends.

The data is read where it lies (../shared/data); nothing is copied into the repository.
"""
import argparse, csv, math, os, statistics, sys

FIBRE_KM_PER_MS = 299.792458 * 2 / 3   # one way, km per ms
FLOOR_MS = 1.0          # access and host delay of the testbed's paths (both ends, round trip)
MIN_KM, MAX_KM = 300.0, 3000.0
QUANTILE = 0.10
EUROPE = "3"            # the servers file's continent code for Europe


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def quantile(sorted_values, q):
    pos = q * (len(sorted_values) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                    "shared", "data", "wondernetwork-pings"))
    args = ap.parse_args()
    servers_csv = os.path.join(args.data, "servers-2020-07-19.csv")
    pings_csv = os.path.join(args.data, "pings-2020-07-19-2020-07-20-grouped.csv")
    for f in (servers_csv, pings_csv):
        if not os.path.exists(f):
            sys.exit(f"testbed-geography: {f} not found; give --data DIR (the wondernetwork-pings"
                     " folder of ../shared/data)")
    pos, continent = {}, {}
    with open(servers_csv, newline="") as f:
        for row in csv.DictReader(f):
            try:
                pos[row["id"]] = (float(row["latitude"]), float(row["longitude"]))
                continent[row["id"]] = row["continent"]
            except (ValueError, TypeError):
                continue
    everywhere, europe, mins = [], [], {}
    with open(pings_csv, newline="") as f:
        for row in csv.DictReader(f):
            s, d = row["source"], row["destination"]
            mins[(s, d)] = float(row["min"])
            if s == d or s not in pos or d not in pos:
                continue
            dist = km(pos[s], pos[d])
            if not MIN_KM <= dist <= MAX_KM:
                continue
            t = 2 * dist / FIBRE_KM_PER_MS
            ratio = (float(row["min"]) - FLOOR_MS) / t
            everywhere.append(ratio)
            if continent[s] == EUROPE and continent[d] == EUROPE:
                europe.append(ratio)
    for name, values in (("all pairs", everywhere), ("European pairs", europe)):
        values.sort()
        qs = " ".join(f"q{int(q * 100):02d}={quantile(values, q):.2f}"
                      for q in (0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90))
        below = sum(1 for v in values if v < 1.4) / len(values)
        print(f"{name}, {MIN_KM:.0f}-{MAX_KM:.0f} km: n={len(values)} ratio (min RTT - {FLOOR_MS} ms)"
              f" / great-circle time at 2/3 c: {qs}; median {statistics.median(values):.2f};"
              f" share below stretch 1.4: {100 * below:.1f} %")
    # Jitter of a minimum RTT: the same path measured from either end (A->B vs B->A minimum).
    asym = sorted(abs(v - mins[(b, a)]) for (a, b), v in mins.items()
                  if a < b and (b, a) in mins and continent.get(a) == EUROPE
                  and continent.get(b) == EUROPE)
    print(f"European pairs: |min RTT A->B - min RTT B->A|, n={len(asym)}:"
          f" median {quantile(asym, 0.5):.3f} ms, q90 {quantile(asym, 0.9):.3f} ms")
    europe.sort()
    stretch = quantile(europe, QUANTILE)
    print(f"testbed: rtt_ms = {FLOOR_MS} + {stretch:.2f} * 2 d / ({FIBRE_KM_PER_MS:.1f} km/ms)"
          f" + jitter uniform in [0, {quantile(asym, 0.9):.2f}] ms (European q{int(QUANTILE * 100):02d};"
          f" jitter bound: the q90 asymmetry above)")


if __name__ == "__main__":
    main()
