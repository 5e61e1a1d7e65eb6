package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code graph query} through the snapshot's index prints the bytes the full load prints
 * ({@code --no-index}), for every node and every form of the query, and falls back to the full
 * load, with a note, when the index is missing or stale.
 */
class GraphQueryIndexTest {

  @TempDir Path dir;
  private String out;
  private String err;

  private int run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cl = GeoFusionCommand.commandLine();
    cl.setOut(new PrintWriter(o));
    cl.setErr(new PrintWriter(e));
    int code = cl.execute(args);
    out = o.toString();
    err = e.toString();
    return code;
  }

  private static String host(int h) {
    return "host:10.1." + (h / 200) + "." + (h % 200);
  }

  /** Hosts (a third located), ASNs in orgs, services, odd ids and attributes; seeded. */
  private List<String> ids;

  private Path input(long seed, int hosts) throws Exception {
    Random r = new Random(seed);
    ids = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      ids.add(host(h));
      if (h % 3 == 0) {
        double lat = -50 + 100 * r.nextDouble();
        double lon = -170 + 340 * r.nextDouble();
        lines.add(String.format(Locale.ROOT, "{\"node\":\"%s\",\"location_distribution\":{"
            + "\"centroids\":[{\"lat\":%.5f,\"lon\":%.5f,\"weight\":1}],\"uncertainty_km\":%d,"
            + "\"circle\":{\"lat\":%.5f,\"lon\":%.5f,\"radius_km\":%d,\"%s\":0.9}},"
            + "\"evidence\":{\"rtt\":0.%d}}", host(h), lat, lon, 20 + r.nextInt(500), lat, lon,
            30 + r.nextInt(800), h % 2 == 0 ? "probability" : "mass", 1 + r.nextInt(9)));
      }
    }
    List<String> groups = List.of("asn:64500", "asn:64501", "asn:64502", "org:acme",
        "org:\u00e9t\u00e9", "org:\uD83C\uDF0D", "service:tcp/443", "widget:x");
    ids.addAll(groups);
    lines.add("{\"src\":\"asn:64500\",\"kind\":\"ASN_IN_ORG\",\"dst\":\"org:acme\"}");
    lines.add("{\"src\":\"asn:64501\",\"kind\":\"ASN_IN_ORG\",\"dst\":\"org:acme\"}");
    lines.add("{\"src\":\"asn:64502\",\"kind\":\"ASN_IN_ORG\",\"dst\":\"org:\uD83C\uDF0D\"}");
    lines.add("{\"node\":\"widget:x\",\"attributes\":{\"note\":\"a \\\"quoted\\\" \\\\ tab\\t"
        + " \u00e9 \uD83D\uDE00\"}}");
    List<String> kinds = List.of("INFERRED_HOST_IN_ORG", "FLOW_OBSERVED_HOST",
        "INFERRED_HOST_OFFERS_SERVICE");
    for (int i = 0; i < hosts * 4; i++) {
      String src = ids.get(r.nextInt(ids.size()));
      String dst = ids.get(r.nextInt(ids.size()));
      String kind = kinds.get(r.nextInt(kinds.size()));
      lines.add("{\"src\":\"" + src + "\",\"kind\":\"" + kind + "\",\"dst\":\"" + dst
          + "\",\"confidence\":0." + (1 + r.nextInt(9)) + "}");
    }
    Path in = dir.resolve("in" + seed + ".jsonl");
    Files.write(in, lines);
    return in;
  }

  private Path load(Path in) {
    Path snap = dir.resolve("g.snap");
    assertThat(run("graph", "load", "--snapshot", snap.toString(), in.toString()))
        .as(err).isZero();
    return snap;
  }

  /** Every query form for every id: neighbours by direction and kind, and hosts in a group. */
  private List<List<String>> queries(Path snap) {
    List<List<String>> qs = new ArrayList<>();
    for (String id : ids) {
      for (String d : List.of("BOTH", "OUT", "IN")) {
        qs.add(List.of("graph", "query", "--snapshot", snap.toString(), "--neighbours", id,
            "--direction", d));
      }
      qs.add(List.of("graph", "query", "--snapshot", snap.toString(), "--neighbours", id,
          "--kind", "INFERRED_HOST_IN_ORG"));
      qs.add(List.of("graph", "query", "--snapshot", snap.toString(), "--hosts-in", id));
    }
    qs.add(List.of("graph", "query", "--snapshot", snap.toString(), "--hosts-in", "org:none"));
    return qs;
  }

  private void assertSameAsFullLoad(Path snap) {
    int nonEmpty = 0;
    for (List<String> q : queries(snap)) {
      int code = run(q.toArray(String[]::new));
      String indexOut = out;
      String indexErr = err;
      List<String> full = new ArrayList<>(q);
      full.add("--no-index");
      assertThat(run(full.toArray(String[]::new))).as("exit code of %s", q).isEqualTo(code);
      assertThat(indexOut).as("%s", q).isEqualTo(out);
      assertThat(indexErr).as("%s", q).isEqualTo(err);
      nonEmpty += out.isEmpty() ? 0 : 1;
    }
    assertThat(nonEmpty).as("queries with answers").isGreaterThan(50);
  }

  @Test
  void query_throughTheIndex_printsTheBytesOfTheFullLoad() throws Exception {
    Path snap = load(input(11, 60));
    assertThat(dir.resolve("g.snap.idx")).isRegularFile();
    assertSameAsFullLoad(snap);
    // An absent node is the same usage of the same error either way.
    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--neighbours", "host:9.9.9.9"))
        .isEqualTo(1);
    assertThat(err).contains("node host:9.9.9.9 is not in " + snap);
  }

  @Test
  void query_staleOrMissingIndex_notesItAndAnswersFromTheWholeSnapshot() throws Exception {
    Path snap = load(input(12, 30));
    Path idx = dir.resolve("g.snap.idx");
    Path old = dir.resolve("old.idx");
    Files.copy(idx, old);
    load(input(13, 30)); // a second load: a new version of the snapshot and of its index
    Files.copy(old, idx, StandardCopyOption.REPLACE_EXISTING);
    String node = ids.get(0);
    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--neighbours", node)).isZero();
    String viaStale = out;
    assertThat(err).contains("graph index " + idx + " is stale: built for a snapshot of")
        .contains("reading the whole snapshot instead (build the index with 'geofusion graph "
            + "index --snapshot " + snap + "')");
    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--neighbours", node,
        "--no-index")).isZero();
    assertThat(viaStale).isEqualTo(out).isNotEmpty();

    assertThat(run("graph", "index", "--snapshot", snap.toString())).isZero();
    assertThat(err).startsWith("index " + idx.toAbsolutePath() + ": seq ");
    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--neighbours", node)).isZero();
    assertThat(err).doesNotContain("graph index");
    assertThat(out).isEqualTo(viaStale);

    Files.delete(idx);
    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--hosts-in", "org:acme"))
        .isZero();
    assertThat(err).contains("graph index " + idx + " does not exist; reading the whole snapshot");
  }

  @Test
  void index_missingSnapshot_saysHowToCreateIt() {
    Path snap = dir.resolve("none.snap");
    assertThat(run("graph", "index", "--snapshot", snap.toString())).isEqualTo(1);
    assertThat(err).contains(snap + ": snapshot does not exist; create it with 'geofusion graph "
        + "load --snapshot " + snap + " FILE...'");
    assertThat(run("graph", "query", "--snapshot", snap.toString(), "--neighbours", "host:1"))
        .isEqualTo(1);
    assertThat(err).contains("snapshot does not exist").doesNotContain("graph index");
  }
}
