#!/usr/bin/env bash
# The batch workload of docs/batch.md and docs/evaluation.md ("Batch geolocation"): every hop
# address of RIPE Atlas msm5004 (17,816 traceroutes) located from the 2,426 probes of
# probes-2023.csv that have a position, by the Spark job in local mode (1 and 2 cores) and by
# `geofusion triangulate` on the job's evidence, at 1x, 4x and 16x the input (the same file
# read several times through symbolic links; the data is never copied into the repository).
# Prints one table row per run: wall time, records/s, targets, located, share under 500 km,
# peak RSS of the JVM (GNU time's maximum resident set size).
#
# Usage: fusion-bench/scripts/spark-batch.sh ["SCALE:CORES ..."]   (default "1:1 1:2 4:2 16:2")
# Needs: ./mvnw -B -o package -DskipTests (the script builds the job's classpath itself).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${GEOFUSION_SHARED_DATA:-../shared/data}
results=$data/ripe-atlas-msm5004-traceroutes/2015-10-20_00-00-00_msmId5004.json.gz
probes=$data/ripe-atlas-probes/probes-2023.csv
runs=${1:-1:1 1:2 4:2 16:2}
[ -f "$results" ] && [ -f "$probes" ] || { echo "spark-batch: $results or $probes missing" >&2; exit 1; }
work=$(mktemp -d /tmp/geofusion-spark-batch.XXXXXX)
trap 'rm -rf "$work"' EXIT

cpfile=fusion-spark/target/classpath.txt
if [ ! -s "$cpfile" ]; then
  ./mvnw -B -q -o package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
    dependency:build-classpath -pl fusion-spark -am -Dmdep.outputFile=target/classpath.txt \
    -Dmdep.includeScope=test >/dev/null
fi
cp="fusion-spark/target/classes:$(cat "$cpfile")"
# The flags Spark's own launcher adds on Java 17 (the list in fusion-spark/pom.xml).
opens=$(sed -n 's:.*<spark.test.opens>\(.*\)</spark.test.opens>.*:\1:p' fusion-spark/pom.xml)

printf '%-11s %5s %6s %9s %10s %9s %8s %8s %7s %8s\n' run scale cores records wall_s records/s \
  targets located '<500km' rss_MB
for run in $runs; do
  k=${run%%:*}; c=${run##*:}
  mkdir -p "$work/x$k"
  for i in $(seq 1 "$k"); do ln -sf "$(readlink -f "$results")" "$work/x$k/part-$i.json.gz"; done
  out=$work/out-$k-$c
  /usr/bin/time -f '%e %M' -o "$work/time" java $opens -Xmx4g -Dspark.sql.shuffle.partitions=16 \
    -Dspark.ui.showConsoleProgress=false -cp "$cp" io.geofusion.spark.AtlasLocateJob \
    --master "local[$c]" --results "$work/x$k" --probes "$probes" --out "$out/parquet" \
    --evidence "$out/evidence" 2> "$work/log-$k-$c" >/dev/null || {
    echo "spark ${k}x $c: failed; its log ends:" >&2; tail -20 "$work/log-$k-$c" >&2; continue; }
  read -r wall rss < "$work/time"
  line=$(grep 'geofusion-spark:' "$work/log-$k-$c" | tail -1)
  rec=$(sed -n 's/.*: \([0-9]*\) records.*/\1/p' <<<"$line")
  tg=$(sed -n 's/.*samples, \([0-9]*\) targets.*/\1/p' <<<"$line")
  loc=$(sed -n 's/.*targets, \([0-9]*\) located.*/\1/p' <<<"$line")
  share=$(sed -n 's/.*(\([0-9.]*\) %).*/\1/p' <<<"$line")
  printf '%-11s %5s %6s %9s %10s %9.0f %8s %8s %6s%% %8.0f\n' spark "${k}x" "$c" "$rec" \
    "$wall" "$(echo "$rec / $wall" | bc -l)" "$tg" "$loc" "$share" "$(echo "$rss / 1024" | bc -l)"
  [ -s "$work/evidence.ndjson" ] || cat "$out"/evidence/part-* | sort > "$work/evidence.ndjson"
  rm -rf "$out"
done

# The single-machine path on the same evidence (one line per target): its throughput with 1
# and 2 threads; then its memory at 1x and 16x of the evidence's first 1,000 targets.
n=$(wc -l < "$work/evidence.ndjson")
tri() { # label, threads, file, targets
  /usr/bin/time -f '%e %M' -o "$work/time" bin/geofusion triangulate --threads "$2" \
    --input "$3" --ndjson > /dev/null
  read -r wall rss < "$work/time"
  printf '%-11s %5s %6s %9s %10s %9.0f %8s %8s %7s %8.0f\n' triangulate "$1" "$2" "$4" \
    "$wall" "$(echo "$4 / $wall" | bc -l)" "$4" - - "$(echo "$rss / 1024" | bc -l)"
}
tri 1x 1 "$work/evidence.ndjson" "$n"
tri 1x 2 "$work/evidence.ndjson" "$n"
head -1000 "$work/evidence.ndjson" > "$work/head-1.ndjson"
for i in $(seq 1 16); do cat "$work/head-1.ndjson"; done > "$work/head-16.ndjson"
tri 1000x1 2 "$work/head-1.ndjson" 1000
tri 1000x16 2 "$work/head-16.ndjson" 16000
