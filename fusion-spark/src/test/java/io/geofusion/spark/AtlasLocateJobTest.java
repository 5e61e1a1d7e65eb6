package io.geofusion.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in Spark local mode on a hand-made sample whose answer is known: targets, vantages,
 * the minimum RTT per probe, private hops left out, gzip and plain input, every firmware shape of
 * a ping. One SparkSession ({@code local[2]}) for the class.
 */
class AtlasLocateJobTest extends SparkSessions {

  @TempDir Path dir;

  /** Probes 1-3 placed (Amsterdam, Frankfurt, Paris); probe 9 has no position. */
  static final String PROBES = """
      id,address_v4,country_code,latitude,longitude
      1,192.0.2.1,NL,52.37,4.90
      2,192.0.2.2,DE,50.11,8.68
      3,192.0.2.3,FR,48.86,2.35
      """;

  /** A trace from {@code probe} through a private hop and two public hops to 193.0.14.129. */
  static String trace(int probe, double rtt1, double rtt2, int fw) {
    return "{\"type\":\"traceroute\",\"fw\":" + fw + ",\"prb_id\":" + probe + ",\"msm_id\":5001,"
        + "\"af\":4,\"dst_addr\":\"193.0.14.129\",\"from\":\"198.51.100." + probe + "\","
        + "\"timestamp\":1600000000,\"proto\":\"UDP\",\"result\":["
        + "{\"hop\":1,\"result\":[{\"from\":\"10.0.0.1\",\"rtt\":0.5},{\"x\":\"*\"}]},"
        + "{\"hop\":2,\"result\":[{\"from\":\"80.249.208.1\",\"rtt\":" + rtt1 + "},"
        + "{\"from\":\"80.249.208.1\",\"rtt\":" + (rtt1 + 3) + "}]},"
        + "{\"hop\":3,\"result\":[{\"from\":\"193.0.14.129\",\"rtt\":" + rtt2 + "}]}]}";
  }

  static void write(Path file, String text) throws IOException {
    if (file.toString().endsWith(".gz")) {
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } else {
      Files.writeString(file, text);
    }
  }

  @Test
  void run_handMadeSample_everyPublicResponderLocatedWithMinimumRttPerProbe() throws Exception {
    Path probes = dir.resolve("probes.csv");
    Files.writeString(probes, PROBES);
    // Probe 1 crosses 80.249.208.1 twice: its smaller RTT (1.2) counts. Probe 9 is unplaced.
    write(dir.resolve("a.jsonl.gz"), String.join("\n", trace(1, 4.0, 6.0, 4790),
        trace(1, 1.2, 5.5, 4790), trace(2, 6.5, 8.0, 4700)) + "\n");
    write(dir.resolve("b.jsonl"), String.join("\n", trace(3, 9.0, 11.0, 5020),
        trace(9, 1.0, 2.0, 4790),
        // fw 1 ping (min/avg/max only) and a current ping, both to 8.8.4.4
        "{\"type\":\"ping\",\"fw\":1,\"prb_id\":2,\"msm_id\":9,\"addr\":\"8.8.4.4\","
            + "\"from\":\"198.51.100.2\",\"min\":7.5,\"avg\":8.0,\"max\":9.0,\"sent\":3,"
            + "\"rcvd\":3,\"timestamp\":1340523908}",
        "{\"type\":\"ping\",\"fw\":4790,\"prb_id\":3,\"msm_id\":9,\"dst_addr\":\"8.8.4.4\","
            + "\"from\":\"198.51.100.3\",\"sent\":2,\"rcvd\":2,\"min\":9.0,\"avg\":9.5,"
            + "\"max\":10.0,\"timestamp\":1600000000,\"result\":[{\"rtt\":9.0},{\"rtt\":10.0}]}",
        "{not json") + "\n");
    Path out = dir.resolve("out");

    AtlasLocateJob.Summary s = AtlasLocateJob.run(spark, JobOptions.parse("--results",
        dir.resolve("a.jsonl.gz") + "," + dir.resolve("b.jsonl"), "--probes", probes.toString(),
        "--out", out.toString()));

    assertThat(s.records()).isEqualTo(7);
    assertThat(s.problems()).isEqualTo(1);
    Map<String, Row> rows = new TreeMap<>();
    for (Row r : spark.read().parquet(out.toString()).collectAsList()) {
      rows.put(r.getAs("target"), r);
    }
    assertThat(rows.keySet()).containsExactly("193.0.14.129", "8.8.4.4", "80.249.208.1");
    assertThat(s.targets()).isEqualTo(3);
    Row hop = rows.get("80.249.208.1");
    assertThat((int) hop.getAs("vantages")).isEqualTo(3);
    assertThat((double) hop.getAs("min_rtt_ms")).isEqualTo(1.2);
    assertThat((boolean) hop.getAs("abstained")).isFalse();
    assertThat((double) hop.getAs("radius_50_km")).isLessThanOrEqualTo(hop.getAs("radius_90_km"));
    assertThat(hop.getList(hop.fieldIndex("mixture"))).isNotEmpty();
    assertThat((int) rows.get("8.8.4.4").getAs("vantages")).isEqualTo(2);
    assertThat((double) rows.get("8.8.4.4").getAs("min_rtt_ms")).isEqualTo(7.5);
  }

  @Test
  void run_existingOutput_refusedWithWhatToDo() throws Exception {
    Path probes = dir.resolve("probes.csv");
    Files.writeString(probes, PROBES);
    write(dir.resolve("a.jsonl"), trace(1, 4.0, 6.0, 4790) + "\n");
    Files.createDirectories(dir.resolve("out"));
    assertThatThrownBy(() -> AtlasLocateJob.run(spark, JobOptions.parse("--results",
        dir.resolve("a.jsonl").toString(), "--probes", probes.toString(), "--out",
        dir.resolve("out").toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exists; remove it or choose another");
  }

  @Test
  void run_badProbeTable_failsOnTheDriverNamingTheLine() throws Exception {
    Path probes = dir.resolve("probes.csv");
    Files.writeString(probes, "id,lat,lon\n1,52.37,4.90\n2,north,8.68\n");
    write(dir.resolve("a.jsonl"), trace(1, 4.0, 6.0, 4790) + "\n");
    assertThatThrownBy(() -> AtlasLocateJob.run(spark, JobOptions.parse("--results",
        dir.resolve("a.jsonl").toString(), "--probes", probes.toString(), "--out",
        dir.resolve("out").toString())))
        .hasMessageContaining(":3: latitude 'north' is not a number");
  }

  /** The text lines Spark wrote into a directory of part files, sorted. */
  static List<String> textLines(Path partsDir) throws IOException {
    try (Stream<Path> parts = Files.list(partsDir)) {
      return parts.filter(p -> p.getFileName().toString().startsWith("part-"))
          .flatMap(p -> {
            try {
              return Files.readAllLines(p).stream();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .sorted()
          .collect(Collectors.toList());
    }
  }
}
