package io.geofusion.spark;

import io.geofusion.formats.VantagesCsv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Locates every address in RIPE Atlas results on Apache Spark (docs/batch.md).
 *
 * <p>Results (JSON Lines, gzip or not, ping and traceroute) are read in parallel; each partition
 * goes through the library's {@link io.geofusion.formats.MeasurementReader}, each record through
 * {@link io.geofusion.locate.EvidenceAssembler#samples} with hop targets (every public responder
 * of a trace is a target, seen from the trace's probe with its smallest RTT there; a ping's
 * target from its probe). Probes are placed from the probe table, broadcast to every executor.
 * Samples are grouped by target with a shuffle (never on the driver), reduced to one observation
 * per vantage, and fused with {@link io.geofusion.fusion.FusionEngine} (built once per executor
 * JVM). Output: Parquet ({@link Schemas#LOCATION}), and optionally the
 * {@code geofusion triangulate --ndjson} lines and the evidence lines (ground-truth NDJSON that
 * {@code geofusion triangulate --input} reads).
 *
 * <pre>
 * spark-submit --class io.geofusion.spark.AtlasLocateJob fusion-spark/target/geofusion-spark.jar \
 *   --results 's3a://bucket/atlas/2026-12-06/*.gz' --probes s3a://bucket/probes.csv \
 *   --out s3a://bucket/located/2026-12-06 --ndjson s3a://bucket/located-ndjson/2026-12-06
 * </pre>
 */
public final class AtlasLocateJob {

  /** Largest probe table read, bytes (the table is broadcast whole to every executor). */
  static final long MAX_PROBE_BYTES = VantagesCsv.MAX_BYTES;

  private AtlasLocateJob() {}

  /**
   * What one run did.
   *
   * @param records measurements read
   * @param problems malformed or unusable lines skipped
   * @param samples placed (target, vantage) samples
   * @param targets targets fused
   * @param located targets located (the rest abstained: no placed vantage answered)
   * @param under500Km located targets whose 90 % circle is under 500 km in radius
   * @param seconds wall time of the run on the driver, s
   */
  public record Summary(long records, long problems, long samples, long targets, long located,
      long under500Km, double seconds) {

    /** One line for people. */
    public String describe() {
      return String.format(Locale.ROOT, "%d records (%d problems skipped), %d samples, %d targets,"
          + " %d located, %d with a 90 %% circle under 500 km (%.1f %%), %.1f s, %.0f records/s",
          records, problems, samples, targets, located, under500Km,
          located == 0 ? 0.0 : 100.0 * under500Km / located, seconds,
          seconds == 0 ? 0.0 : records / seconds);
    }
  }

  /** Runs the job: {@code spark-submit ... --results ... --probes ... --out ...}. */
  public static void main(String[] args) throws IOException {
    JobOptions options;
    try {
      options = JobOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("geofusion-spark: " + e.getMessage());
      System.exit(2);
      return;
    }
    SparkSession.Builder b = SparkSession.builder().appName("geofusion-atlas-locate");
    if (options.master() != null) {
      b.master(options.master());
    }
    SparkSession spark = b.getOrCreate();
    try {
      Summary s = run(spark, options);
      System.err.println("geofusion-spark: " + s.describe());
    } catch (IllegalArgumentException e) {
      System.err.println("geofusion-spark: " + e.getMessage());
      System.exit(1);
    } finally {
      spark.stop();
    }
  }

  /**
   * Runs the job in {@code spark}.
   *
   * @throws IllegalArgumentException when an output directory exists or the probe table is
   *     missing, too large or malformed (the message says which and what to do)
   * @throws IOException when the probe table cannot be read
   */
  public static Summary run(SparkSession spark, JobOptions options) throws IOException {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<String> outputs = new ArrayList<>(List.of(options.out()));
    if (options.ndjson() != null) {
      outputs.add(options.ndjson());
    }
    if (options.evidence() != null) {
      outputs.add(options.evidence());
    }
    for (String dir : outputs) {
      Path p = new Path(dir);
      if (p.getFileSystem(hadoop).exists(p)) {
        throw new IllegalArgumentException(dir + " exists; remove it or choose another output"
            + " directory (the job never overwrites)");
      }
    }
    byte[] probeTable = readProbes(options.probes(), hadoop);
    // Checked on the driver first, so a bad table fails at once with its line, not in a task.
    VantagesCsv.read(new ByteArrayInputStream(probeTable), options.probes());
    Broadcast<byte[]> probes = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .broadcast(probeTable);
    JobCounters counters = JobCounters.register(spark);

    Dataset<String> lines = spark.read().textFile(options.results().toArray(String[]::new));
    Dataset<Row> samples = lines.mapPartitions(
        new SampleRows(probes, options.probes(), counters), Encoders.row(Schemas.SAMPLE));
    Dataset<Row> results = samples
        .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups(new TargetFusion(counters), Encoders.row(Schemas.RESULT))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      results.drop("ndjson", "evidence").write().parquet(options.out());
      if (options.ndjson() != null) {
        results.select("ndjson").write().text(options.ndjson());
      }
      if (options.evidence() != null) {
        results.select("evidence").write().text(options.evidence());
      }
      long under500 = results.filter(functions.col("radius_90_km").lt(500.0)).count();
      return new Summary(counters.records().value(), counters.problems().value(),
          counters.samples().value(), counters.targets().value(), counters.located().value(),
          under500, (System.nanoTime() - start) / 1e9);
    } finally {
      results.unpersist();
      probes.destroy();
    }
  }

  private static byte[] readProbes(String where, Configuration hadoop) throws IOException {
    Path p = new Path(where);
    FileSystem fs = p.getFileSystem(hadoop);
    if (!fs.exists(p)) {
      throw new IllegalArgumentException("--probes " + where + " not found; give the RIPE Atlas"
          + " probe archive CSV (id,address_v4,country_code,latitude,longitude)");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream in = fs.open(p)) {
      byte[] buf = new byte[1 << 16];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        bytes.write(buf, 0, n);
        if (bytes.size() > MAX_PROBE_BYTES) {
          throw new IllegalArgumentException("--probes " + where + " is larger than "
              + MAX_PROBE_BYTES + " bytes; the table is broadcast whole, filter it to the"
              + " probes in the results");
        }
      }
    }
    return bytes.toByteArray();
  }
}
