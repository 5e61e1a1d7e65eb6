#!/usr/bin/env bash
# The batch workload of docs/batch.md and docs/evaluation.md ("Batch geolocation"): every hop
# address of RIPE Atlas msm5004 (17,816 traceroutes) located from the 2,426 probes of
# probes-2023.csv that have a position, by the Spark job in local mode (1 and 2 cores) and by
# `geofusion triangulate` on the job's evidence, at 1x, 4x and 16x the input (the same file
# read several times through symbolic links; the data is never copied into the repository).
# Prints one table row per run: wall time, records/s, targets, located, share under 500 km,
# peak RSS of the JVM (GNU time's maximum resident set size).
#
# Usage: fusion-bench/scripts/spark-batch.sh [SCALES] [CORES]     (defaults: "1 4 16" "1 2")
# Needs: ./mvnw -B -o package -DskipTests (the script builds the job's classpath itself).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${GEOFUSION_SHARED_DATA:-../shared/data}
results=$data/ripe-atlas-msm5004-traceroutes/2015-10-20_00-00-00_msmId5004.json.gz
probes=$data/ripe-atlas-probes/probes-2023.csv
scales=${1:-1 4 16}
cores=${2:-1 2}
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

printf '%-10s %5s %6s %9s %10s %9s %8s %8s %7s %8s\n' run scale cores records wall_s records/s \
  targets located '<500km' rss_MB
for k in $scales; do
  mkdir -p "$work/x$k"
  for i in $(seq 1 "$k"); do ln -sf "$(readlink -f "$results")" "$work/x$k/part-$i.json.gz"; done
  for c in $cores; do
    out=$work/out-$k-$c
    /usr/bin/time -f '%e %M' -o "$work/time" java $opens -Xmx4g -cp "$cp" \
      io.geofusion.spark.AtlasLocateJob --master "local[$c]" --results "$work/x$k" \
      --probes "$probes" --out "$out/parquet" --evidence "$out/evidence" \
      2> "$work/log-$k-$c" >/dev/null
    read -r wall rss < "$work/time"
    line=$(grep 'geofusion-spark:' "$work/log-$k-$c" | tail -1)
    rec=$(sed -n 's/.*: \([0-9]*\) records.*/\1/p' <<<"$line")
    tg=$(sed -n 's/.*samples, \([0-9]*\) targets.*/\1/p' <<<"$line")
    loc=$(sed -n 's/.*targets, \([0-9]*\) located.*/\1/p' <<<"$line")
    share=$(sed -n 's/.*(\([0-9.]*\) %).*/\1/p' <<<"$line")
    printf '%-10s %5s %6s %9s %10s %9.0f %8s %8s %6s%% %8.0f\n' spark "${k}x" "$c" "$rec" \
      "$wall" "$(echo "$rec / $wall" | bc -l)" "$tg" "$loc" "$share" "$(echo "$rss / 1024" | bc -l)"
    if [ "$k" = "$(echo $scales | cut -d' ' -f1)" ] && [ "$c" = "$(echo $cores | awk '{print $NF}')" ]; then
      cat "$out"/evidence/part-* > "$work/evidence.ndjson"
      cp "$work/evidence.ndjson" /tmp/geofusion-msm5004-evidence.ndjson
    fi
    rm -rf "$out"
  done
done

# The single-machine path on the same evidence (one line per target), 1x and 16x of it.
n=$(wc -l < "$work/evidence.ndjson")
for k in 1 16; do
  for i in $(seq 1 "$k"); do cat "$work/evidence.ndjson"; done > "$work/evidence-$k.ndjson"
  for c in $cores; do
    /usr/bin/time -f '%e %M' -o "$work/time" bin/geofusion triangulate --threads "$c" \
      --input "$work/evidence-$k.ndjson" --ndjson > /dev/null
    read -r wall rss < "$work/time"
    printf '%-10s %5s %6s %9s %10s %9.0f %8s %8s %7s %8.0f\n' triangulate "${k}x" "$c" \
      "$((n * k))" "$wall" "$(echo "$n * $k / $wall" | bc -l)" "$((n * k))" - - \
      "$(echo "$rss / 1024" | bc -l)"
  done
done
