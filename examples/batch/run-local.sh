#!/usr/bin/env bash
# The batch path on a tiny hand-made RIPE Atlas sample (results.jsonl: five traceroutes to
# K-root and two pings, every address public except a home router; probes.csv in the RIPE Atlas
# probe archive's columns), both ways:
#   1. the Spark job in local mode (Parquet + triangulate NDJSON + evidence),
#   2. `geofusion triangulate` on the evidence the job wrote: the same lines.
# Run from anywhere after `./mvnw -B package -DskipTests` at the repository root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mktemp -d /tmp/geofusion-batch-example.XXXXXX)
cd "$root"
[ -s fusion-spark/target/classpath.txt ] || ./mvnw -B -q -o dependency:build-classpath \
  -pl fusion-spark -am -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test >/dev/null
opens=$(sed -n 's:.*<spark.test.opens>\(.*\)</spark.test.opens>.*:\1:p' fusion-spark/pom.xml)
java $opens -Dspark.ui.showConsoleProgress=false -Dspark.sql.shuffle.partitions=2 \
  -cp "fusion-spark/target/classes:$(cat fusion-spark/target/classpath.txt)" \
  io.geofusion.spark.AtlasLocateJob --master 'local[2]' \
  --results "$here/results.jsonl" --probes "$here/probes.csv" \
  --out "$out/located.parquet" --ndjson "$out/located-ndjson" --evidence "$out/evidence" \
  2> "$out/spark.log"
grep 'geofusion-spark:' "$out/spark.log"
cat "$out"/evidence/part-* | sort > "$out/evidence.ndjson"
echo "--- geofusion triangulate on the job's evidence:"
bin/geofusion triangulate --input "$out/evidence.ndjson"
cat "$out"/located-ndjson/part-* | sort > "$out/spark.ndjson"
bin/geofusion triangulate --input "$out/evidence.ndjson" --ndjson | sort > "$out/cli.ndjson"
cmp -s "$out/spark.ndjson" "$out/cli.ndjson" && echo "--- the job's NDJSON equals triangulate's"
echo "--- output in $out (located.parquet: one row per target, docs/batch.md)"
