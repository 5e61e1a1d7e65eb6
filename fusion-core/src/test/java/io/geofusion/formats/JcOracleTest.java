package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares our reading of every jc-fixtures text output with the parse another tool (jc) stored
 * beside it. jc is an oracle of sorts, not truth: where we knowingly differ the test says why.
 */
class JcOracleTest {

  private static final ObjectMapper M = new ObjectMapper();

  static Stream<Path> outputs() throws Exception {
    Path dir = SharedData.dir("jc-fixtures");
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".out")).sorted().toList();
    }
    return files.stream();
  }

  private static List<Double> sorted(List<Double> v) {
    List<Double> c = new ArrayList<>(v);
    c.sort(null);
    return c;
  }

  @ParameterizedTest
  @MethodSource("outputs")
  void read_matchesJcOracle(Path out) throws Exception {
    Path oracleFile = out.resolveSibling(out.getFileName().toString().replace(".out", ".json"));
    MeasurementReader.ReadResult r = MeasurementReader.readAll(out);
    assertThat(r.measurements()).as("measurements in %s (problems %s)", out, r.problems())
        .hasSize(1);
    Measurement m = r.measurements().get(0);
    if (!Files.exists(oracleFile)) {
      return;
    }
    JsonNode jc = M.readTree(Files.readString(oracleFile));
    if (m instanceof PingMeasurement p) {
      checkPing(out, p, jc, r.problems());
    } else if (m instanceof TraceMeasurement t && r.format() == SourceFormat.TRACEPATH_TEXT) {
      checkTracepath(t, jc);
    } else {
      checkTraceroute(out, (TraceMeasurement) m, jc, r.problems());
    }
  }

  private static void checkPing(Path out, PingMeasurement p, JsonNode jc,
      List<RecordProblem> problems) {
    if (jc.hasNonNull("packets_transmitted")) {
      assertThat(p.sent()).as("sent").isEqualTo(jc.get("packets_transmitted").asInt());
    }
    // jc takes duplicates from the statistics line; where the transcript shows more repeated
    // replies than that line admits, we keep the larger count and must have said so.
    boolean dupsDisputed = problems.stream().anyMatch(q -> q.message().contains("duplicates but"));
    if (jc.hasNonNull("duplicates") && !dupsDisputed) {
      assertThat(p.duplicates()).as("duplicates").isEqualTo(jc.get("duplicates").asInt());
    }
    List<Double> jcRtts = new ArrayList<>();
    for (JsonNode resp : jc.path("responses")) {
      if ("reply".equals(resp.path("type").asText()) && !resp.path("duplicate").asBoolean()
          && resp.hasNonNull("time_ms")) {
        jcRtts.add(resp.get("time_ms").asDouble());
      }
    }
    List<Double> ours = new ArrayList<>();
    for (double v : p.rttsMs()) {
      if (!Double.isNaN(v)) {
        ours.add(v);
      }
    }
    // macOS prints no (DUP!) mark: jc counts those repeats as replies, we count them as
    // duplicates of the sequence number already answered (ping's own statistics agree with us).
    boolean unmarkedDuplicates = p.duplicates() > 0 && !jc.path("duplicates").asBoolean(true);
    if (!unmarkedDuplicates && jcRtts.size() <= p.sent()) {
      assertThat(sorted(ours)).as("received RTTs of %s", out).isEqualTo(sorted(jcRtts));
    }
    if (jc.hasNonNull("round_trip_ms_min") && p.reported() != null) {
      assertThat(p.reported().minMs()).isEqualTo(jc.get("round_trip_ms_min").asDouble());
    }
    if (jc.hasNonNull("destination_ip")) {
      assertThat(p.target()).isEqualTo(jc.get("destination_ip").asText());
    }
  }

  private static void checkTraceroute(Path out, TraceMeasurement t, JsonNode jc,
      List<RecordProblem> problems) {
    if (jc.hasNonNull("destination_ip")) {
      assertThat(t.path().destination()).isEqualTo(jc.get("destination_ip").asText());
    }
    JsonNode hops = jc.path("hops");
    assertThat(t.path().hops()).as("hop count of %s", out).hasSize(hops.size());
    for (int i = 0; i < hops.size(); i++) {
      Hop ours = t.path().hops().get(i);
      assertThat(ours.ttl()).isEqualTo(hops.get(i).get("hop").asInt());
      List<Double> jcRtts = new ArrayList<>();
      List<String> jcFrom = new ArrayList<>();
      for (JsonNode pr : hops.get(i).path("probes")) {
        if (pr.hasNonNull("rtt")) {
          jcRtts.add(pr.get("rtt").asDouble());
          jcFrom.add(pr.path("ip").isNull() ? null : pr.path("ip").asText());
        }
      }
      List<Double> ourRtts = new ArrayList<>();
      List<String> ourFrom = new ArrayList<>();
      for (HopReply r : ours.replies()) {
        if (r.answered()) {
          ourRtts.add(r.rttMs());
          ourFrom.add(r.address());
        }
      }
      assertThat(ourRtts).as("RTTs of hop %d in %s", ours.ttl(), out).isEqualTo(jcRtts);
      for (int k = 0; k < ourFrom.size(); k++) {
        if (jcFrom.get(k) == null) {
          // "Internal (Internal)": no address printed. jc drops the responder; we keep the name
          // as recorded and report it as degraded.
          String name = ourFrom.get(k);
          assertThat(problems).anyMatch(q -> q.kind() == RecordProblem.Kind.DEGRADED
              && q.message().contains("only by name") && q.message().contains(name));
        } else {
          assertThat(ourFrom.get(k)).as("responder %d of hop %d in %s", k, ours.ttl(), out)
              .isEqualTo(jcFrom.get(k));
        }
      }
    }
  }

  private static void checkTracepath(TraceMeasurement t, JsonNode jc) {
    List<Double> jcRtts = new ArrayList<>();
    for (JsonNode h : jc.path("hops")) {
      if (!h.path("guess").asBoolean() && h.hasNonNull("reply_ms")) {
        jcRtts.add(h.get("reply_ms").asDouble());
      }
    }
    List<Double> ours = new ArrayList<>();
    for (Hop h : t.path().hops()) {
      for (HopReply r : h.replies()) {
        if (r.answered()) {
          ours.add(r.rttMs());
        }
      }
    }
    assertThat(sorted(ours)).isEqualTo(sorted(jcRtts));
  }
}
