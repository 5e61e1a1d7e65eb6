package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of the shared measurement data sets, read end to end. */
class RealDataReadersTest {

  static final List<String> FOLDERS = List.of("ripe-atlas-sagan", "ripe-atlas-tools",
      "ripe-atlas-msm5004-traceroutes", "pantrace", "mtr-json", "scamper-warts-dioptra",
      "jc-fixtures");

  static Stream<Path> everyFile() throws IOException {
    List<Path> all = new ArrayList<>();
    for (String f : FOLDERS) {
      Path dir = SharedData.dir(f);
      try (Stream<Path> s = Files.walk(dir)) {
        s.filter(Files::isRegularFile).sorted().forEach(all::add);
      }
    }
    return all.stream();
  }

  /** Files that are measurement data in a format we claim to read. */
  static boolean claimed(Path p) {
    String name = p.getFileName().toString();
    String folder = p.getParent().getFileName().toString();
    if (name.startsWith("LICENSE") || name.endsWith(".warts") || name.endsWith(".txt")) {
      return false;
    }
    // jc-fixtures/*.json are jc's own parse of the .out beside them, not measurement files.
    return !(p.toString().contains("jc-fixtures") && name.endsWith(".json"))
        && !folder.equals("linux-proc");
  }

  static long lineCount(Path p) throws IOException {
    InputStream in = Files.newInputStream(p);
    if (p.toString().endsWith(".gz")) {
      in = new GZIPInputStream(in);
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in,
        StandardCharsets.UTF_8))) {
      return r.lines().count();
    }
  }

  @ParameterizedTest
  @MethodSource("everyFile")
  void read_everySharedFile_readsOrRejectsCleanly(Path file) throws IOException {
    if (!claimed(file)) {
      assertThatThrownBy(() -> MeasurementReader.readAll(file))
          .as("%s is not a measurement file we claim to read", file)
          .isInstanceOf(MeasurementFormatException.class)
          .hasMessageStartingWith(file.toString());
      if (file.toString().endsWith(".warts")) {
        assertThatThrownBy(() -> MeasurementReader.readAll(file)).hasMessageContaining(
            "sc_warts2json");
      }
      return;
    }
    MeasurementReader.ReadResult r = MeasurementReader.readAll(file);
    boolean tracelb = file.getFileName().toString().startsWith("tracelb");
    if (tracelb) {
      assertThat(r.measurements()).isEmpty();
      assertThat(r.problems()).isNotEmpty().allMatch(p -> p.kind() == RecordProblem.Kind.SKIPPED
          && p.message().contains("tracelb"));
    } else {
      assertThat(r.measurements()).as("measurements in %s", file).isNotEmpty();
    }
    long lines = lineCount(file);
    for (RecordProblem p : r.problems()) {
      assertThat(p.line()).as("problem line in %s: %s", file, p).isBetween(1L, lines);
    }
    for (Measurement m : r.measurements()) {
      assertThat(m.line()).isBetween(1L, lines);
      assertThat(m.origin()).isEqualTo(r.format());
      if (m instanceof TraceMeasurement t) {
        for (Hop h : t.path().hops()) {
          for (HopReply reply : h.replies()) {
            if (reply.answered() && m.origin() != SourceFormat.TRACEROUTE_TEXT
                && m.origin() != SourceFormat.TRACEPATH_TEXT) {
              assertThat(IpLiterals.isLiteral(reply.address())).as("%s hop %d", file, h.ttl())
                  .isTrue();
            }
          }
        }
      }
      if (m instanceof PingMeasurement p && p.samplesKnown()) {
        assertThat(p.rttsMs()).hasSize(p.sent());
      }
    }
  }

  @Test
  void read_msm5004Gzip_yieldsAll17816Traceroutes() throws IOException {
    Path f = SharedData.dir("ripe-atlas-msm5004-traceroutes")
        .resolve("2015-10-20_00-00-00_msmId5004.json.gz");
    long traces = 0;
    long hops = 0;
    List<RecordProblem> problems = new ArrayList<>();
    try (MeasurementReader r = MeasurementReader.open(f, problems::add)) {
      assertThat(r.format()).isEqualTo(SourceFormat.RIPE_ATLAS_JSON);
      for (Measurement m : r) {
        TraceMeasurement t = (TraceMeasurement) m;
        assertThat(t.path().destination()).isEqualTo("192.5.5.241");
        assertThat(t.vantageId()).startsWith("atlas-probe:");
        assertThat(t.timestamp()).isNotNull();
        traces++;
        hops += t.path().hops().size();
      }
      assertThat(r.recordCount()).isEqualTo(traces);
    }
    assertThat(traces).isEqualTo(17_816);
    assertThat(hops).isGreaterThan(100_000);
    // Only degraded records (hop-level probe errors recorded by the firmware), none skipped.
    assertThat(problems).isNotEmpty().allMatch(p -> p.kind() == RecordProblem.Kind.DEGRADED);
  }

  static Stream<Path> ripeFiles() throws IOException {
    List<Path> all = new ArrayList<>();
    for (String f : List.of("ripe-atlas-sagan", "ripe-atlas-tools",
        "ripe-atlas-msm5004-traceroutes", "pantrace")) {
      try (Stream<Path> s = Files.list(SharedData.dir(f))) {
        s.filter(p -> p.toString().matches(".*(atlas|results|traceroute_).*\\.jsonl?(\\.gz)?$"))
            .sorted().forEach(all::add);
      }
    }
    return all.stream();
  }

  /**
   * The raw JSON as oracle: every RIPE traceroute record comes back with one hop per distinct
   * valid hop number and one reply per non-duplicate reply entry, and every ping with one sample
   * per probe sent.
   */
  @ParameterizedTest
  @MethodSource("ripeFiles")
  void read_ripeFile_losesNoHopAndNoReply(Path file) throws IOException {
    ObjectMapper om = new ObjectMapper();
    Map<Long, Measurement> byLine = new HashMap<>();
    for (Measurement m : MeasurementReader.readAll(file).measurements()) {
      byLine.put(m.line(), m);
    }
    InputStream in = Files.newInputStream(file);
    if (file.toString().endsWith(".gz")) {
      in = new GZIPInputStream(in);
    }
    long checked = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in,
        StandardCharsets.UTF_8))) {
      String line;
      long no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        Measurement m = byLine.get(no);
        if (m == null) {
          continue; // skipped records are covered by the problem assertions elsewhere
        }
        JsonNode n = om.readTree(line);
        if (m instanceof TraceMeasurement t) {
          Set<Integer> ttls = new TreeSet<>();
          int replies = 0;
          for (JsonNode h : n.get("result")) {
            int ttl = h.path("hop").asInt(-1);
            if (ttl >= 1 && ttl <= 255) {
              ttls.add(ttl);
              for (JsonNode x : h.path("result")) {
                replies += x.path("dup").asBoolean(false) || x.path("dup").asInt(0) != 0 ? 0 : 1;
              }
            }
          }
          assertThat(t.path().hops()).extracting(Hop::ttl).as("%s:%d", file, no)
              .containsExactlyElementsOf(ttls);
          assertThat(t.path().hops().stream().mapToInt(h -> h.replies().size()).sum())
              .as("%s:%d replies", file, no).isEqualTo(replies);
        } else if (m instanceof PingMeasurement p && n.has("result")) {
          assertThat(p.rttsMs()).as("%s:%d", file, no).hasSize(p.sent());
          long answered = 0;
          for (JsonNode x : n.get("result")) {
            answered += x.has("rtt") && !x.has("dup") ? 1 : 0;
          }
          assertThat(Arrays.stream(p.rttsMs()).filter(v -> !Double.isNaN(v)).count())
              .as("%s:%d answered", file, no).isEqualTo(answered);
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(byLine.size());
  }

  @Test
  void read_ripeOldestFirmwarePing_keepsTheSummaryOnly() throws IOException {
    Path f = SharedData.dir("ripe-atlas-sagan").resolve("test_ping.results.jsonl");
    MeasurementReader.ReadResult r = MeasurementReader.readAll(f);
    assertThat(r.measurements()).hasSize(15);
    PingMeasurement fw0 = (PingMeasurement) r.measurements().get(0);
    assertThat(fw0.samplesKnown()).isFalse();
    assertThat(fw0.envelope()).isEmpty();
    assertThat(fw0.minRttMs()).isEqualTo(57.876);
    assertThat(fw0.summary().meanMs()).isEqualTo(58.042);
    assertThat(fw0.vantageId()).isEqualTo("atlas-probe:677");
    assertThat(fw0.source()).isEqualTo("78.128.9.202");
    PingMeasurement fw4460 = (PingMeasurement) r.measurements().get(2);
    assertThat(fw4460.rttsMs()).containsExactly(43.87, 56.949, 44.346);
    assertThat(fw4460.envelope().orElseThrow().minMs()).isEqualTo(43.87);
    assertThat(fw4460.targetName()).isEqualTo("hsi.cablecom.ch");
  }

  @Test
  void read_ripeTraceroutes_keepMplsLateAndErrorFlags() throws IOException {
    Path f = SharedData.dir("ripe-atlas-sagan").resolve("test_traceroute.results.jsonl");
    MeasurementReader.ReadResult r = MeasurementReader.readAll(f);
    List<HopReply> replies = new ArrayList<>();
    for (Measurement m : r.measurements()) {
      for (Hop h : ((TraceMeasurement) m).path().hops()) {
        replies.addAll(h.replies());
      }
    }
    assertThat(replies).anyMatch(x -> !x.mpls().isEmpty() && x.mpls().get(0).label() == 407904);
    assertThat(replies).anyMatch(x -> "!H".equals(x.flag()));
    assertThat(replies).anyMatch(x -> "!N".equals(x.flag()));
    assertThat(r.problems()).anyMatch(p -> p.kind() == RecordProblem.Kind.SKIPPED
        && p.line() == 22 && p.message().contains("name resolution failed"));
  }

  @Test
  void read_scamperTrace_fillsTheSilentTtlWithItsAttempts() throws IOException {
    Path f = SharedData.dir("scamper-warts-dioptra")
        .resolve("trace_google_dns_v4_default.warts.sc_warts2json.jsonl");
    MeasurementReader.ReadResult r = MeasurementReader.readAll(f);
    assertThat(r.format()).isEqualTo(SourceFormat.SCAMPER_JSON);
    TraceMeasurement t = (TraceMeasurement) r.measurements().get(0);
    assertThat(t.path().hops()).extracting(Hop::ttl).containsExactly(1, 2, 3, 4, 5, 6, 7);
    // scamper's text dump of the same warts file shows no reply at hop 6 (attempts: 2).
    assertThat(t.path().hops().get(5).replies()).hasSize(2).noneMatch(HopReply::answered);
    assertThat(t.path().hops().get(6).replies().get(0).address()).isEqualTo("8.8.8.8");
    assertThat(t.path().hops().get(6).replies().get(0).flag()).isNull(); // port unreachable
    assertThat(t.path().source()).isEqualTo("137.194.165.109");
    assertThat(t.protocol()).isEqualTo("udp-paris");
  }

  @Test
  void read_pantraceScamper_unmapsIpv4MappedAddresses() throws IOException {
    Path f = SharedData.dir("pantrace").resolve("trace.warts.sc_warts2json.jsonl");
    MeasurementReader.ReadResult r = MeasurementReader.readAll(f);
    assertThat(r.measurements()).hasSize(1000);
    TraceMeasurement first = (TraceMeasurement) r.measurements().get(0);
    assertThat(first.path().destination()).isEqualTo("53.237.216.178");
    assertThat(first.path().hops().get(0).replies().get(0).address()).isEqualTo("62.115.122.139");
    assertThat(first.timestamp()).as("start.sec = 0 means unknown").isNull();
  }

  @Test
  void read_mtrJson_keepsSummariesOnly() throws IOException {
    Path dir = SharedData.dir("mtr-json");
    Path f;
    try (Stream<Path> s = Files.list(dir)) {
      f = s.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".mtr"))
          .findFirst().orElseThrow();
    }
    MeasurementReader.ReadResult r = MeasurementReader.readAll(f);
    assertThat(r.format()).isEqualTo(SourceFormat.MTR_JSON);
    TraceSummary s = (TraceSummary) r.measurements().get(0);
    assertThat(s.destination()).isEqualTo("1.1.1.1");
    assertThat(s.probesPerHop()).isEqualTo(10);
    assertThat(s.hops()).hasSize(7);
    HopSummary six = s.hops().get(5);
    assertThat(six.host()).isEqualTo("nix4.cloudflare.com");
    assertThat(six.stats().minMs()).isEqualTo(1.643);
    assertThat(six.stats().meanMs()).isEqualTo(8.016);
    assertThat(six.stats().maxMs()).isEqualTo(20.755);
    assertThat(six.stats().stddevMs()).isEqualTo(7.767);
    assertThat(six.stats().lastMs()).isEqualTo(2.451);
    assertThat(six.stats().sent()).isEqualTo(10);
    assertThat(six.stats().received()).isEqualTo(10);
    // Recorded without -n: hosts are names ("one.one.one.one"), dst an address; the list ends
    // at an answering hub, so mtr saw the destination answer (MtrDecoder, no DNS involved).
    assertThat(s.hops().get(6).host()).isEqualTo("one.one.one.one");
    assertThat(s.destinationReached()).isTrue();
    assertThat(MtrReachabilityTest.analyse(s).eventAnomalies())
        .doesNotContain(io.geofusion.path.PathAnalysis.DESTINATION_UNREACHED);
  }
}
