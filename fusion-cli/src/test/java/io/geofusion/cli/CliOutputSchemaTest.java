package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.testing.MiniSchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line prints with {@code --json}/{@code --ndjson} (and writes to its side files)
 * conforms to the published schemas in docs/schemas/, run on the demo data set and on small inputs
 * the tests write: the schemas are checked against the real output, not only against documents
 * built in fusion-core's tests.
 */
class CliOutputSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MiniSchemaValidator SCHEMAS =
      new MiniSchemaValidator(Path.of("..", "docs", "schemas"));

  @TempDir static Path demo;

  @BeforeAll
  static void writeDemo() throws IOException {
    DemoData.write(demo, 20261126L);
  }

  /** A tracepath run on loopback that reached its target. */
  private static final String TRACEPATH = " 1?: [LOCALHOST]                      pmtu 65535\n"
      + " 1:  127.0.0.2                                             0.054ms reached\n"
      + "     Resume: pmtu 65535 hops 1 back 1\n";

  /** A traceroute transcript without its {@code traceroute to} line: no destination. */
  private static final String HEADERLESS = " 1  192.168.1.254  3.286 ms  3.934 ms  11.415 ms\n"
      + " 2  * * *\n";

  private static String demo(String name) {
    return demo.resolve(name).toString();
  }

  /** {@code text} written to {@code dir/name}, as a path argument. */
  private static String file(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text).toString();
  }

  private static JsonNode document(String... args) throws IOException {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return JSON.readTree(r.out());
  }

  private static List<JsonNode> lines(String... args) throws IOException {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    List<JsonNode> out = new ArrayList<>();
    for (String l : r.out().split("\n")) {
      if (!l.isBlank()) {
        out.add(JSON.readTree(l));
      }
    }
    return out;
  }

  private static void conform(Iterable<JsonNode> docs, String schema, String what) {
    int n = 0;
    for (JsonNode d : docs) {
      assertThat(SCHEMAS.validate(d, schema)).as("%s: %s", what, d).isEmpty();
      n++;
    }
    assertThat(n).as(what + ": documents checked").isPositive();
  }

  @Test
  void probe_jsonResultsAndNdjsonEvents_conform() throws IOException {
    conform(document("probe", "--input", demo("pings.jsonl"), "--json").get("results"),
        "ping-result.schema.json", "probe --json");
    conform(lines("probe", "--input", demo("pings.jsonl"), "--ndjson"),
        "recon-latency-analysis.schema.json", "probe --ndjson");
  }

  @Test
  void traceroute_jsonTracesAndNdjsonEvents_conform(@TempDir Path dir) throws IOException {
    String tracepath = file(dir, "tracepath.txt", TRACEPATH);
    for (String input : List.of(demo("traceroute.json"), tracepath,
        file(dir, "headerless.txt", HEADERLESS))) {
      conform(document("traceroute", "--input", input, "--json").get("traces"),
          "traceroute.schema.json", "traceroute --json " + input);
    }
    conform(lines("traceroute", "--input", demo("traceroute.json"), "--ndjson"),
        "recon-latency-analysis.schema.json", "traceroute --ndjson");
    conform(lines("traceroute", "--input", tracepath, "--ndjson"),
        "recon-latency-analysis.schema.json", "traceroute --ndjson (tracepath)");
  }

  @Test
  void geoPath_jsonAndNdjson_conform(@TempDir Path dir) throws IOException {
    String[] located = {"geo-path", "--input", demo("traceroute.json"), "--from", "50.11,8.68",
        "--geoip-city", demo("geoip-demo.mmdb")};
    JsonNode paths = document(concat(located, "--json")).get("geo_paths");
    conform(paths, "geo-path.schema.json", "geo-path --json");
    assertThat(paths.get(0).get("arcs").size()).as("arcs checked too").isPositive();
    conform(lines(concat(located, "--ndjson")), "geo-path.schema.json", "geo-path --ndjson");
    conform(document("geo-path", "--input", file(dir, "headerless.txt", HEADERLESS), "--json")
        .get("geo_paths"),
        "geo-path.schema.json", "geo-path --json, no destination");
  }

  @Test
  void analyzeAndTriangulate_hostLocations_conform() throws IOException {
    String[] analyze = {"analyze", "--input", demo("pings.jsonl"), "--vantages",
        demo("vantages.csv"), "--geoip-city", demo("geoip-demo.mmdb")};
    conform(document(concat(analyze, "--json")).get("results"), "host-location.schema.json",
        "analyze --json");
    conform(lines(concat(analyze, "--ndjson")), "host-location.schema.json", "analyze --ndjson");
    JsonNode tri = document("triangulate", "--input", demo("groundtruth.ndjson"), "--json");
    assertThat(tri.isObject()).as("triangulate --json prints an object like analyze").isTrue();
    conform(tri.get("results"), "host-location.schema.json", "triangulate --json");
    List<JsonNode> events = lines("triangulate", "--input", demo("groundtruth.ndjson"),
        "--ndjson");
    conform(events, "host-location.schema.json", "triangulate --ndjson");
    assertThat(events).allSatisfy(e -> assertThat(e.path("type").asText())
        .isEqualTo("HOST_LOCATION"));
  }

  @Test
  void geoipLookup_jsonLines_conform() throws IOException {
    // The demo database (ours): one address it places, one it does not know.
    conform(document("geoip", "lookup", "--json", "--geoip-city", demo("geoip-demo.mmdb"),
        "212.102.40.218", "203.0.113.10").get("results"), "geoip-lookup.schema.json",
        "geoip lookup --json (demo)");
    List<JsonNode> events = lines("geoip", "lookup", "--ndjson", "--geoip-city",
        demo("geoip-demo.mmdb"), "212.102.40.218", "203.0.113.10");
    conform(events, "geoip-lookup.schema.json", "geoip lookup --ndjson (demo)");
    assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.path("type").asText())
        .isEqualTo("GEOIP_LOOKUP"));
    // MaxMind's own test databases: City, ASN and Anonymous-IP answers on one line.
    Path t = Path.of(System.getProperty("geofusion.shared.data", "../shared/data"))
        .resolve("maxmind-db-test/test-data");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(t),
        "shared data " + t + " is absent: skipping the MaxMind part (see docs/architecture.md §9)");
    List<JsonNode> l = lines("geoip", "lookup", "--ndjson",
        "--geoip-city", t.resolve("GeoIP2-City-Test.mmdb").toString(),
        "--geoip-asn", t.resolve("GeoLite2-ASN-Test.mmdb").toString(),
        "--geoip-anonymous", t.resolve("GeoIP2-Anonymous-IP-Test.mmdb").toString(),
        "81.2.69.160", "1.128.0.1", "8.8.8.8");
    assertThat(l.get(0).has("city")).isTrue();
    assertThat(l.get(1).has("asn")).isTrue();
    assertThat(l.get(0).at("/anonymous_ip/listed_as_proxy").asBoolean()).isTrue();
    conform(l, "geoip-lookup.schema.json", "geoip lookup (MaxMind test databases)");
    // Anonymous Plus: every detail field, some of them, none, and a miss.
    List<JsonNode> plus = lines("geoip", "lookup", "--ndjson", "--geoip-anonymous",
        t.resolve("GeoIP-Anonymous-Plus-Test.mmdb").toString(), "1.2.0.1", "1.2.0.2", "1.2.0.4",
        "8.8.8.8");
    assertThat(plus.get(0).at("/anonymous_ip/provider_name").asText()).isEqualTo("foo");
    conform(plus, "geoip-lookup.schema.json", "geoip lookup (Anonymous Plus)");
  }

  @Test
  void eval_reportAndTargets_conform(@TempDir Path dir) throws IOException {
    conform(List.of(document("eval", "--input", demo("groundtruth.ndjson"), "--json")),
        "eval-report.schema.json", "eval --json");
    conform(lines("eval", "--input", demo("groundtruth.ndjson"), "--ndjson"),
        "eval-target.schema.json", "eval --ndjson");
    // A target without truth, one with no vantage (abstains), one with a GeoIP experiment field.
    String gt = file(dir, "gt.ndjson", "{\"target\":\"no-truth\",\"vantages\":[{\"id\":\"a\","
        + "\"lat\":48.85,\"lon\":2.35,\"min_rtt_ms\":3.0}]}\n"
        + "{\"target\":\"empty\",\"truth\":{\"lat\":1,\"lon\":2},\"vantages\":[]}\n"
        + "{\"target\":\"geoip\",\"truth\":{\"lat\":48.85,\"lon\":2.35},\"vantages\":["
        + "{\"id\":\"b\",\"lat\":50.11,\"lon\":8.68,\"min_rtt_ms\":9.0}],"
        + "\"geoip\":{\"lat\":48.85,\"lon\":2.35,\"accuracy_radius_km\":20}}\n");
    JsonNode report = document("eval", "--input", gt, "--json");
    assertThat(report.has("geoip_consistency")).isTrue();
    conform(List.of(report), "eval-report.schema.json", "eval --json, edge cases");
    // The schema is not vacuous: an interval of three numbers or a missing baseline fails.
    com.fasterxml.jackson.databind.node.ObjectNode bad = report.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("vs_cbg"))
        .putArray("median_ratio_ci95").add(0.1).add(0.2).add(0.3);
    ((com.fasterxml.jackson.databind.node.ObjectNode) bad.get("baselines")).remove("cbg");
    assertThat(SCHEMAS.validate(bad, "eval-report.schema.json")).hasSize(2);
    List<JsonNode> targets = lines("eval", "--input", gt, "--ndjson");
    assertThat(targets.get(0).get("error_km").isNull()).isTrue();
    assertThat(targets.get(1).get("estimate").isNull()).isTrue();
    conform(targets, "eval-target.schema.json", "eval --ndjson, edge cases");
  }

  @Test
  void pcap_ndjsonEvents_conform(@TempDir Path dir) throws IOException {
    Path capture = dir.resolve("hs.pcap");
    Files.write(capture, PcapCommandTest.handshake());
    conform(lines("pcap", "--ndjson", capture.toString()), "recon-latency-analysis.schema.json",
        "pcap --ndjson");
    JsonNode report = document("pcap", "--json", capture.toString());
    assertThat(report.at("/captures/0/hosts").size()).isPositive();
    conform(List.of(report), "pcap-report.schema.json", "pcap --json");
    // A capture cut short: exit 1, and the report says why in `error`.
    byte[] whole = PcapCommandTest.handshake();
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 7));
    CliRun r = CliRun.of("pcap", "--json", cut.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode damaged = JSON.readTree(r.out());
    assertThat(damaged.at("/captures/0/error").isTextual()).isTrue();
    conform(List.of(damaged), "pcap-report.schema.json", "pcap --json, damaged capture");
  }

  @Test
  void guardrail_acceptedEdgesAndTrainingPairs_conform(@TempDir Path dir) throws IOException {
    Path in = dir.resolve("edges.jsonl");
    Files.write(in, List.of(
        "{\"src\":\"host:192.0.2.1\",\"kind\":\"FLOW_TO_HOST\",\"dst\":\"host:192.0.2.2\","
            + "\"rule_id\":\"r1\"}",
        "{\"kind\":\"HOST_IN_ASN\",\"dst\":\"AS64500\",\"context_node_id\":\"host:192.0.2.3\"}",
        "{\"src\":\"host:192.0.2.6\",\"kind\":\"XQZ_PLORT\",\"dst\":\"host:192.0.2.7\"}"));
    Path pairs = dir.resolve("pairs.jsonl");
    List<JsonNode> accepted = lines("guardrail", "--input", in.toString(), "--training-log",
        pairs.toString());
    for (JsonNode e : accepted) {
      assertThat(SCHEMAS.validate(e, "edge.schema.json", "/$defs/accepted")).as(e.toString())
          .isEmpty();
    }
    conform(accepted, "edge.schema.json", "guardrail output");
    List<JsonNode> logged = new ArrayList<>();
    for (String l : Files.readAllLines(pairs)) {
      logged.add(JSON.readTree(l));
    }
    conform(logged, "training-pair.schema.json", "guardrail --training-log");
  }

  @Test
  void graphSnapshot_nodeAndEdgeLines_conform(@TempDir Path dir) throws IOException {
    Path capture = dir.resolve("hs.pcap");
    Files.write(capture, PcapCommandTest.handshake());
    Path snap = dir.resolve("g.snap");
    CliRun r = CliRun.of("pcap", capture.toString(), "--graph", snap.toString(), "--from",
        "50.11,8.68");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> body = Files.readAllLines(snap);
    JsonNode header = JSON.readTree(body.get(0));
    int nodes = header.get("nodes").asInt();
    int edges = header.get("edges").asInt();
    assertThat(nodes).isPositive();
    assertThat(edges).isPositive();
    for (int i = 1; i <= nodes + edges; i++) {
      JsonNode line = JSON.readTree(body.get(i));
      if (i <= nodes) {
        assertThat(SCHEMAS.validate(line, "graph-event.schema.json", "/$defs/node"))
            .as(line.toString()).isEmpty();
      } else {
        assertThat(SCHEMAS.validate(line, "edge.schema.json", "/$defs/stored"))
            .as(line.toString()).isEmpty();
      }
    }
  }

  private static String[] concat(String[] a, String b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
