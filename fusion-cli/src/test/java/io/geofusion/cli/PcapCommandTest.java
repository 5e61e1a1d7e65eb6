package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.text.Limits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapCommandTest {

  @TempDir Path dir;

  /** A little-endian µs pcap with one TCP handshake: 10.0.0.1 → 192.0.2.7:443, RTT 30 ms. */
  static byte[] handshake() {
    return handshakes(1);
  }

  /**
   * A little-endian µs pcap with {@code n} TCP handshakes, each from its own client 10.0.x.y
   * (the first 10.0.0.1) port 40000 to 192.0.2.7:443, RTT 30 ms: {@code n + 1} hosts with RTT.
   */
  static byte[] handshakes(int n) {
    ByteBuffer b = ByteBuffer.allocate(24 + n * 3 * (16 + 54)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(65535).putInt(1);
    record Seg(int usec, boolean fromClient, int flags, int seq, int ack) {}
    Seg[] segs = {new Seg(0, true, 0x02, 100, 0), new Seg(30_000, false, 0x12, 500, 101),
        new Seg(30_400, true, 0x10, 101, 501)};
    for (int i = 0; i < n; i++) {
      byte[] client = {10, 0, (byte) ((i + 1) >> 8), (byte) (i + 1)};
      byte[] server = {(byte) 192, 0, 2, 7};
      for (Seg s : segs) {
        b.putInt(1_700_000_000 + i).putInt(s.usec()).putInt(54).putInt(54);
        ByteBuffer f = ByteBuffer.allocate(54); // big-endian network bytes
        f.put(new byte[12]).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) 40).putInt(0).put((byte) 64)
            .put((byte) 6).putShort((short) 0).put(s.fromClient() ? client : server)
            .put(s.fromClient() ? server : client);
        f.putShort((short) (s.fromClient() ? 40000 : 443))
            .putShort((short) (s.fromClient() ? 443 : 40000)).putInt(s.seq()).putInt(s.ack())
            .put((byte) 0x50).put((byte) s.flags()).putShort((short) 65535).putInt(0);
        b.put(f.array());
      }
    }
    return b.array();
  }

  private Path write(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p;
  }

  @Test
  void pcap_handshakeCapture_printsSummaryHostsAndTalkers() throws IOException {
    Path f = write("hs.pcap", handshake());
    CliRun r = CliRun.of("pcap", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("packets 3").contains("flows 1")
        .contains("1 handshakes").contains("192.0.2.7").contains("30.000")
        .contains("top talkers").contains("10.0.0.1:40000");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void pcap_json_hasHostEventWithDistanceBound() throws IOException {
    Path f = write("hs.pcap", handshake());
    CliRun r = CliRun.of("pcap", "--json", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    JsonNode cap = doc.get("captures").get(0);
    assertThat(cap.get("packets").asLong()).isEqualTo(3);
    assertThat(cap.get("passive_rtt").get("handshakes").asLong()).isEqualTo(1);
    JsonNode server = null;
    for (JsonNode h : cap.get("hosts")) {
      if (h.get("entity").asText().equals("192.0.2.7")) {
        server = h;
      }
    }
    assertThat(server).isNotNull();
    assertThat(server.get("metrics").get("min_rtt").asDouble()).isEqualTo(30.0);
    // fiber 2/3 c: ~99.93 km per RTT-ms
    assertThat(server.get("distance").get("max_km").asDouble()).isBetween(2990.0, 3000.0);
    assertThat(server.get("vantage").asText()).startsWith("capture:");
  }

  @Test
  void pcap_ndjson_oneEventPerHost() throws IOException {
    Path f = write("hs.pcap", handshake());
    CliRun r = CliRun.of("pcap", "--ndjson", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    for (String line : lines) {
      assertThat(new ObjectMapper().readTree(line).get("type").asText())
          .isEqualTo("RECON_LATENCY_ANALYSIS");
    }
  }

  @Test
  void pcap_truncatedFile_printsWhatWasReadAndExits1() throws IOException {
    byte[] all = handshake();
    Path f = write("cut.pcap", Arrays.copyOf(all, all.length - 10));
    CliRun r = CliRun.of("pcap", f.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out()).contains("packets 2");
    assertThat(r.err()).contains("cut.pcap").contains("at byte offset " + (24 + 2 * 70));
  }

  @Test
  void pcap_notACapture_namesWhatItIs() throws IOException {
    Path f = write("notes.txt", "just some notes\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    CliRun r = CliRun.of("pcap", f.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("not a pcap or pcapng capture").contains("text file");
  }

  @Test
  void pcap_missingFileAndBadOptions_failClearly() {
    CliRun missing = CliRun.of("pcap", dir.resolve("nope.pcap").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no such file");
    CliRun both = CliRun.of("pcap", "--json", "--ndjson", "x.pcap");
    assertThat(both.exitCode()).isEqualTo(2);
    CliRun model = CliRun.of("pcap", "--model", "warp", "x.pcap");
    assertThat(model.exitCode()).isEqualTo(2);
    assertThat(model.err()).contains("fiber_2_3");
  }

  @Test
  void pcap_dryRunOnUrl_fetchesNothing() throws IOException {
    CliRun r = CliRun.of("pcap", "--dry-run", "--staging", dir.resolve("st").toString(),
        "http://127.0.0.1:9/captures/a.pcap", "http://127.0.0.1:9/..%2Fevil");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("would_fetch\thttp://127.0.0.1:9/captures/a.pcap")
        .contains("skipped_unsafe_name");
  }

  @Test
  void pcap_graph_ingestsOnceAndSnapshots() throws IOException {
    Path f = write("hs.pcap", handshake());
    Path snap = dir.resolve("graph.json");
    CliRun first = CliRun.of("pcap", "--graph", snap.toString(), f.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("1 capture(s) ingested, 0 already present");
    assertThat(Files.exists(snap)).isTrue();
    CliRun again = CliRun.of("pcap", "--graph", snap.toString(), f.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).contains("0 capture(s) ingested, 1 already present");
  }

  /**
   * A capture ingested without a capture point can be located later: re-running with --vantage
   * writes the host locations (before the fix it fused 0 hosts, the capture being in the graph).
   */
  @Test
  void pcap_graphRerunWithVantage_relocatesTheHostsOfAnIngestedCapture() throws IOException {
    Path f = write("hs.pcap", handshake());
    Path snap = dir.resolve("g.snap");
    CliRun first = CliRun.of("pcap", "--graph", snap.toString(), f.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    CliRun later = CliRun.of("pcap", "--graph", snap.toString(), "--vantage", "52.37,4.90",
        f.toString());
    assertThat(later.exitCode()).as(later.err()).isZero();
    assertThat(later.err()).contains("0 capture(s) ingested, 1 already present");
    Matcher m = Pattern.compile("(\\d+) host locations fused").matcher(later.err());
    assertThat(m.find()).as(later.err()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isPositive();
    CliRun export = CliRun.of("graph", "export", "--snapshot", snap.toString());
    assertThat(export.exitCode()).as(export.err()).isZero();
    assertThat(export.out()).contains("\"Point\"");
  }

  @Test
  void pcap_geojson_circlesAroundTheCapturePoint() throws IOException {
    Path f = write("hs.pcap", handshake());
    Path map = dir.resolve("map.geojson");
    CliRun r = CliRun.of("pcap", "--geojson", map.toString(), "--vantage", "52.37,4.90",
        f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).as("the table still goes to stdout").contains("capture ");
    JsonNode fc = new ObjectMapper().readTree(map.toFile());
    assertThat(fc.get("type").asText()).isEqualTo("FeatureCollection");
    assertThat(fc.get("features")).hasSize(3); // capture point + 2 hosts
    JsonNode point = fc.get("features").get(0).get("geometry");
    assertThat(point.get("coordinates").get(0).asDouble()).isEqualTo(4.90); // [lon, lat]
    CliRun noVantage = CliRun.of("pcap", "--geojson", map.toString(), f.toString());
    assertThat(noVantage.exitCode()).isEqualTo(2);
    assertThat(noVantage.err()).contains("--vantage");
  }

  @Test
  void pcap_httpUrl_fetchesAnalysesAndSkipsWhenIngested() throws Exception {
    byte[] content = handshake();
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/caps/", ex -> {
      ex.sendResponseHeaders(200, content.length);
      try (var o = ex.getResponseBody()) {
        o.write(content);
      }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/caps/hs.pcap";
      String staging = dir.resolve("staging").toString();
      CliRun first = CliRun.of("pcap", "--staging", staging, url);
      assertThat(first.exitCode()).as(first.err()).isZero();
      assertThat(first.out()).contains("packets 3").contains("192.0.2.7");
      CliRun again = CliRun.of("pcap", "--staging", staging, url);
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.err()).contains("already ingested");
      assertThat(again.out()).doesNotContain("packets 3");
    } finally {
      server.stop(0);
    }
  }

  /**
   * A re-run asks {@code If-None-Match} with the ETag of the first download and the server's 304
   * costs no body: before the fix the ledger recorded an empty ETag, so the re-run downloaded
   * the whole file again before discarding it by its hash.
   */
  @Test
  void pcap_httpUrl_recordsTheEtagAndSendsIfNoneMatch() throws Exception {
    byte[] content = handshake();
    AtomicInteger bodies = new AtomicInteger();
    List<String> conditional = Collections.synchronizedList(new ArrayList<>());
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/caps/", ex -> {
      String inm = ex.getRequestHeaders().getFirst("If-None-Match");
      if (inm != null) {
        conditional.add(inm);
      }
      ex.getResponseHeaders().add("ETag", "\"cap-v7\"");
      if ("\"cap-v7\"".equals(inm)) {
        ex.sendResponseHeaders(304, -1);
        ex.close();
        return;
      }
      bodies.incrementAndGet();
      ex.sendResponseHeaders(200, content.length);
      try (var o = ex.getResponseBody()) {
        o.write(content);
      }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/caps/hs.pcap";
      String staging = dir.resolve("staging").toString();
      CliRun first = CliRun.of("pcap", "--staging", staging, url);
      assertThat(first.exitCode()).as(first.err()).isZero();
      CliRun again = CliRun.of("pcap", "--staging", staging, url);
      assertThat(again.exitCode()).as(again.err()).isZero();
      assertThat(again.err()).contains("not modified since ingested");
      assertThat(conditional).containsExactly("\"cap-v7\"");
      assertThat(bodies.get()).as("the body is sent once").isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }

  /**
   * A URL whose host does not resolve says so; before the fix it printed "connection refused or
   * unreachable: null". Run in a child JVM whose name service is a hosts file
   * ({@code jdk.net.hosts.file}), so the lookup of the reserved {@code .invalid} name (RFC 6761)
   * never leaves this machine.
   */
  @Test
  void pcap_unresolvableHost_saysItCannotResolveIt() throws Exception {
    Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"),
        GeoFusionCommand.class.getName(), "pcap", "--staging", dir.resolve("st").toString(),
        "https://captures.geofusion.invalid/day1.pcap");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isEqualTo(1);
    assertThat(out).contains("cannot resolve host 'captures.geofusion.invalid'")
        .doesNotContain("null");
  }

  /** {@link #handshake()} followed by {@code n} lone SYNs from 10.0.1.1, 10.0.1.2, … (40 bytes). */
  static byte[] handshakeAndSyns(int n) {
    byte[] hs = handshake();
    ByteBuffer b = ByteBuffer.allocate(hs.length + n * (16 + 54)).order(ByteOrder.LITTLE_ENDIAN);
    b.put(hs);
    for (int i = 1; i <= n; i++) {
      b.putInt(1_700_000_001).putInt(i).putInt(54).putInt(54);
      ByteBuffer f = ByteBuffer.allocate(54);
      f.put(new byte[12]).putShort((short) 0x0800);
      f.put((byte) 0x45).put((byte) 0).putShort((short) 40).putInt(0).put((byte) 64)
          .put((byte) 6).putShort((short) 0).put(new byte[] {10, 0, 1, (byte) i})
          .put(new byte[] {(byte) 192, 0, 2, 7});
      f.putShort((short) 41000).putShort((short) 443).putInt(7).putInt(0).put((byte) 0x50)
          .put((byte) 0x02).putShort((short) 65535).putInt(0);
      b.put(f.array());
    }
    return b.array();
  }

  /**
   * More flows than --graph-max-flows: the largest (the handshake) is written, the others are
   * counted in a warning and on the capture node (issue 19; before, every flow was written and
   * 2.5 million SYNs took 3.9 GB).
   */
  @Test
  void pcap_graphMaxFlows_writesTheLargestFlowsAndWarnsAboutTheRest() throws IOException {
    Path f = write("syns.pcap", handshakeAndSyns(3));
    Path snap = dir.resolve("g.snap");
    CliRun r = CliRun.of("pcap", "--graph", snap.toString(), "--graph-max-flows", "1",
        f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("geofusion: warning: " + f + ": 3 of 4 flows not written to the"
        + " graph (the 1 largest by bytes were; limit graphFlows: raise with --graph-max-flows N)");
    String graph = Files.readString(snap);
    assertThat(graph).contains("\"flows_not_ingested\":\"3\"")
        .contains(":tcp:10.0.0.1:40000-192.0.2.7:443").doesNotContain(":tcp:10.0.1.");
  }

  @Test
  void pcap_maxFlowsLimits_trackFewerFlowsAndRefuseZero() throws IOException {
    Path f = write("syns.pcap", handshakeAndSyns(3));
    CliRun r = CliRun.of("pcap", "--max-flows", "2", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("flows 2 (+2 packets beyond the flow-table cap)");
    String snap = dir.resolve("g.snap").toString();
    for (String option : new String[] {"--max-flows", "--graph-max-flows"}) {
      CliRun bad = CliRun.of("pcap", "--graph", snap, option, "0", f.toString());
      assertThat(bad.exitCode()).isEqualTo(2);
      assertThat(bad.err()).contains(option + " must be >= 1, got 0");
    }
    CliRun noGraph = CliRun.of("pcap", "--graph-max-flows", "5", f.toString());
    assertThat(noGraph.exitCode()).isEqualTo(2);
    assertThat(noGraph.err()).contains("--graph-max-flows is used only with --graph SNAPSHOT");
  }

  /**
   * More hosts with RTT than --report-max-hosts: the text report lists the first by address and
   * counts the rest, the NDJSON report writes that many events and warns on stderr (issue 19:
   * 500,001 host rows were built as strings before printing).
   */
  @Test
  void pcap_reportMaxHosts_listsTheFirstHostsAndCountsTheRest() throws IOException {
    Path f = write("hs5.pcap", handshakes(5)); // 6 hosts: 10.0.0.1-5 and 192.0.2.7
    CliRun text = CliRun.of("pcap", "--report-max-hosts", "2", f.toString());
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).contains("5 handshakes").contains("10.0.0.1 ").contains("10.0.0.2 ")
        .contains("  … 4 more hosts (limit reportHosts: raise with --report-max-hosts N)");
    String hostTable = text.out().substring(text.out().indexOf("hosts with passive RTT"),
        text.out().indexOf("top talkers"));
    assertThat(hostTable).doesNotContain("10.0.0.3").doesNotContain("192.0.2.7");

    CliRun nd = CliRun.of("pcap", "--ndjson", "--report-max-hosts", "2", f.toString());
    assertThat(nd.exitCode()).as(nd.err()).isZero();
    assertThat(nd.out().strip().split("\n")).hasSize(2);
    assertThat(nd.err()).contains("geofusion: warning: " + f + ": 4 more hosts (limit"
        + " reportHosts: raise with --report-max-hosts N) with passive RTT not listed");

    CliRun all = CliRun.of("pcap", f.toString());
    assertThat(all.out()).contains("192.0.2.7").doesNotContain("more host");
    System.setProperty(Limits.REPORT_HOSTS.property(), "3");
    try {
      assertThat(CliRun.of("pcap", f.toString()).out()).contains("  … 3 more hosts (limit");
    } finally {
      System.clearProperty(Limits.REPORT_HOSTS.property());
    }
    CliRun bad = CliRun.of("pcap", "--report-max-hosts", "0", f.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--report-max-hosts must be >= 1, got 0");
  }

  /**
   * More hosts with passive RTT than --max-rtt-hosts: the first hosts to get a sample are kept,
   * the samples of the others counted in the report and one warning (issue 19: 500,000
   * handshakes kept 500,001 hosts and took 581 MB without --graph).
   */
  @Test
  void pcap_maxRttHosts_keepsTheFirstHostsAndWarnsAboutTheRest() throws IOException {
    Path f = write("hs5.pcap", handshakes(5)); // 192.0.2.7 gets the first sample, then 10.0.0.1
    CliRun r = CliRun.of("pcap", "--max-rtt-hosts", "3", f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEqualTo("geofusion: warning: " + f + ": 3 passive RTT samples of hosts"
        + " beyond the first 3 not kept (limit rttHosts: raise with --max-rtt-hosts N)"
        + System.lineSeparator());
    assertThat(r.out()).contains("5 handshakes, 5 SYN->SYN/ACK, 5 SYN/ACK->ACK")
        .contains("0 negative; 3 samples of hosts beyond the rttHosts cap not kept");
    String hostTable = r.out().substring(r.out().indexOf("hosts with passive RTT"),
        r.out().indexOf("top talkers"));
    assertThat(hostTable).contains("10.0.0.1 ").contains("10.0.0.2 ").contains("192.0.2.7")
        .doesNotContain("10.0.0.3");

    CliRun json = CliRun.of("pcap", "--json", "--max-rtt-hosts", "3", f.toString());
    JsonNode capture = new ObjectMapper().readTree(json.out()).get("captures").get(0);
    assertThat(capture.get("hosts")).hasSize(3);
    assertThat(capture.get("passive_rtt").get("samples_beyond_host_cap").asLong()).isEqualTo(3);

    CliRun all = CliRun.of("pcap", f.toString());
    assertThat(all.err()).isEmpty();
    assertThat(all.out()).contains("10.0.0.5 ").doesNotContain("rttHosts");
    System.setProperty(Limits.RTT_HOSTS.property(), "2");
    try {
      assertThat(CliRun.of("pcap", f.toString()).err()).contains(": 4 passive RTT samples of"
          + " hosts beyond the first 2 not kept (limit rttHosts");
    } finally {
      System.clearProperty(Limits.RTT_HOSTS.property());
    }
    CliRun bad = CliRun.of("pcap", "--max-rtt-hosts", "0", f.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--max-rtt-hosts must be >= 1, got 0");
  }

  @Test
  void pcap_asnDbWithoutGraph_isUsageError() {
    CliRun r = CliRun.of("pcap", "--asn-db", "x.mmdb", "x.pcap");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--graph");
  }

  @Test
  void pcap_graphWithVantage_fusesHostLocations() throws IOException {
    Path f = write("hs.pcap", handshake());
    Path snap = dir.resolve("graph.json");
    CliRun r = CliRun.of("pcap", "--graph", snap.toString(), "--vantage", "48.85,2.35",
        f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("host locations fused");
    assertThat(Files.readString(snap)).contains("192.0.2.7");
    CliRun noGraph = CliRun.of("pcap", "--city-db", "c.mmdb", f.toString());
    assertThat(noGraph.exitCode()).isEqualTo(2);
  }

  /** 192.0.2.7 listed as an anonymous VPN: classified vpn_exit when its location is fused. */
  @Test
  void pcap_geoipAnonymous_fusesWithTheListing() throws Exception {
    Path f = write("hs.pcap", handshake());
    Path city = dir.resolve("city.mmdb");
    io.geofusion.geoip.MmdbWriter.ipv6("Pcap-Test-City")
        .insert("192.0.2.0/24", io.geofusion.geoip.MmdbWriter.cityRecord(
            io.geofusion.geo.LatLon.of(51.51, -0.13), 10, "GB", "England", "London"))
        .write(city);
    Path anon = dir.resolve("anon.mmdb");
    io.geofusion.geoip.MmdbWriter.ipv6("GeoIP2-Anonymous-IP")
        .insert("192.0.2.7/32", java.util.Map.of("is_anonymous", true, "is_anonymous_vpn", true))
        .write(anon);
    Path snap = dir.resolve("graph.json");
    CliRun r = CliRun.of("pcap", "--graph", snap.toString(), "--vantage", "48.85,2.35",
        "--city-db", city.toString(), "--geoip-anonymous", anon.toString(), f.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("2 host locations fused");
    // The host node's evidence: the classifier's confidence in vpn_exit (0.9), not unknown (0).
    assertThat(Files.readAllLines(snap))
        .filteredOn(l -> l.contains("{\"node\":\"host:192.0.2.7\"")).singleElement().satisfies(l -> assertThat(l).contains("\"semantic\":0.9"));
    CliRun noGraph = CliRun.of("pcap", "--geoip-anonymous", anon.toString(), f.toString());
    assertThat(noGraph.exitCode()).isEqualTo(2);
    assertThat(noGraph.err()).contains("--geoip-anonymous is used only with --graph SNAPSHOT"
        + " and --vantage LAT,LON");
    // The same databases as config-file defaults (meant for analyze) do not stop a plain run.
    Path conf = Files.writeString(dir.resolve("c.properties"), "geoip.city = " + city
        + "\ngeoip.anonymous = " + anon + "\ngeoip.asn = " + city + "\n");
    CliRun plain = CliRun.withEnv(java.util.Map.of(), "--config", conf.toString(), "pcap",
        f.toString());
    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(plain.out()).contains("192.0.2.7");
    CliRun wrongType = CliRun.of("pcap", "--graph", snap.toString(), "--vantage", "48.85,2.35",
        "--geoip-anonymous", city.toString(), f.toString());
    assertThat(wrongType.exitCode()).isEqualTo(1);
    assertThat(wrongType.err()).contains("city.mmdb").contains("GeoIP2-Anonymous-IP");
  }
}
