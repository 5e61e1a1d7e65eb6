package io.geofusion.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.cli.GeoFusionCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's answer for every target equals what {@code geofusion triangulate} prints for the
 * evidence the job wrote beside it: the NDJSON lines byte for byte, and the Parquet estimate and
 * radii to the precision of triangulate's table ({@code %.4f} degrees, {@code %.0f} km). The CLI
 * runs in-process through its real entry point; nothing of it is re-implemented here.
 *
 * <p>The sample is real when ../shared/data is present (the first 120 traceroutes of msm5004,
 * RIPE's own test results of every firmware, the 2023 probe archive), else the hand-made one of
 * {@link AtlasLocateJobTest}, saying so.
 */
class TriangulateEquivalenceTest extends SparkSessions {

  static final int MSM5004_LINES = 120;

  @TempDir Path dir;

  @Test
  void job_everyTarget_equalsTriangulateOnItsEvidence() throws Exception {
    List<String> results = new ArrayList<>();
    Path probes = sample(results);
    Path out = dir.resolve("out");

    AtlasLocateJob.Summary s = AtlasLocateJob.run(spark, JobOptions.parse("--results",
        String.join(",", results), "--probes", probes.toString(), "--out",
        out.resolve("parquet").toString(), "--ndjson", out.resolve("ndjson").toString(),
        "--evidence", out.resolve("evidence").toString()));
    assertThat(s.targets()).isPositive();

    Path evidence = dir.resolve("evidence.ndjson");
    Files.write(evidence, AtlasLocateJobTest.textLines(out.resolve("evidence")));
    List<String> sparkLines = AtlasLocateJobTest.textLines(out.resolve("ndjson"));
    assertThat(sparkLines).hasSize((int) s.targets());

    // geofusion triangulate --ndjson on the same evidence: the same lines.
    List<String> cliLines = triangulate("--input", evidence.toString(), "--ndjson").lines()
        .sorted().toList();
    assertThat(cliLines).isEqualTo(sparkLines);

    // geofusion triangulate (the table): the same estimate and radii as the Parquet columns.
    Map<String, String> table = new TreeMap<>();
    triangulate("--input", evidence.toString()).lines().skip(1).forEach(line -> {
      String[] f = line.trim().split("\\s+");
      table.put(f[0], f[1] + " " + f[2] + " " + f[3] + " " + f[4]);
    });
    Map<String, String> parquet = new TreeMap<>();
    for (Row r : spark.read().parquet(out.resolve("parquet").toString()).collectAsList()) {
      parquet.put(r.getAs("target"), (boolean) r.getAs("abstained") ? "- - - -"
          : String.format(Locale.ROOT, "%.4f %.4f %.0f %.0f", (double) r.getAs("lat"),
              (double) r.getAs("lon"), (double) r.getAs("radius_50_km"),
              (double) r.getAs("radius_90_km")));
    }
    assertThat(parquet).hasSize((int) s.targets()).isEqualTo(table);
  }

  private static String triangulate(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "triangulate";
    System.arraycopy(args, 0, all, 1, args.length);
    int code = GeoFusionCommand.execute(all, new PrintWriter(out, true),
        new PrintWriter(err, true), Map.of("GEOFUSION_CONFIG", "/dev/null"));
    assertThat(code).as(err.toString()).isZero();
    return out.toString();
  }

  /** Writes the sample's result files (their paths into {@code results}); returns the probes. */
  private Path sample(List<String> results) throws IOException {
    Path data = Path.of(System.getProperty("geofusion.shared.data", "../shared/data"));
    Path msm = data.resolve("ripe-atlas-msm5004-traceroutes")
        .resolve("2015-10-20_00-00-00_msmId5004.json.gz");
    Path probes = data.resolve("ripe-atlas-probes").resolve("probes-2023.csv");
    if (!Files.isRegularFile(msm) || !Files.isRegularFile(probes)) {
      System.out.println("TriangulateEquivalenceTest: " + data + " absent, using the hand-made"
          + " sample only");
      Path p = dir.resolve("probes.csv");
      Files.writeString(p, AtlasLocateJobTest.PROBES);
      Path f = dir.resolve("sample.jsonl");
      Files.writeString(f, AtlasLocateJobTest.trace(1, 1.2, 5.5, 4790) + "\n"
          + AtlasLocateJobTest.trace(2, 6.5, 8.0, 4700) + "\n"
          + AtlasLocateJobTest.trace(3, 9.0, 11.0, 5020) + "\n");
      results.add(f.toString());
      return p;
    }
    List<String> head = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(msm)), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null && head.size() < MSM5004_LINES;
          line = r.readLine()) {
        head.add(line);
      }
    }
    Path f = dir.resolve("msm5004-head.jsonl");
    Files.write(f, head);
    results.add(f.toString());
    for (String other : List.of("ripe-atlas-sagan/test_ping.results.jsonl",
        "ripe-atlas-sagan/test_traceroute.results.jsonl",
        "ripe-atlas-tools/tests.ping_traceroute.results.jsonl")) {
      if (Files.isRegularFile(data.resolve(other))) {
        results.add(data.resolve(other).toString());
      }
    }
    return probes;
  }
}
