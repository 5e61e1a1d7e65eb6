package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.TracePath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link TracePath#destinationReached()} as scamper ({@code stop_reason}) and RIPE Atlas (the last
 * hop, or {@code destination_ip_responded}) record it (docs/formats.md, "Reaching the
 * destination"): hand-written fixtures for every case, then the shared real files.
 */
class TraceVerdictTest {

  private static List<TracePath> paths(MeasurementReader.ReadResult r) {
    List<TracePath> out = new ArrayList<>();
    for (Measurement m : r.measurements()) {
      out.add(((TraceMeasurement) m).path());
    }
    return out;
  }

  private static Map<Boolean, Integer> tally(List<TracePath> paths) {
    Map<Boolean, Integer> out = new HashMap<>();
    for (TracePath p : paths) {
      out.merge(p.destinationReached(), 1, Integer::sum);
    }
    return out;
  }

  @Test
  void scamper_stopReasons_mapToVerdicts() throws IOException {
    MeasurementReader.ReadResult r =
        MeasurementReader.readAll(Fixtures.path("scamper-trace-verdicts.jsonl"));
    assertThat(r.format()).isEqualTo(SourceFormat.SCAMPER_JSON);
    List<TracePath> p = paths(r);
    assertThat(p).extracting(TracePath::destination).containsExactly("198.51.100.20",
        "198.51.100.21", "198.51.100.22", "198.51.100.23", "198.51.100.24", "198.51.100.25",
        "2001:db8::25", "198.51.100.26", "198.51.100.27");
    assertThat(p).extracting(TracePath::destinationReached).containsExactly(
        true, // COMPLETED: port unreachable from the destination
        false, // GAPLIMIT
        false, // UNREACH (!H from a router)
        false, // LOOP
        null, // HALTED: cut short, no verdict
        null, // COMPLETED contradicted by a time exceeded at the last TTL
        true, // IPv6 COMPLETED (ICMPv6 port unreachable)
        true, // TCP COMPLETED (no ICMP type)
        false); // HOPLIMIT
    assertThat(r.problems()).singleElement().satisfies(pr -> {
      assertThat(pr.line()).isEqualTo(7);
      assertThat(pr.kind()).isEqualTo(RecordProblem.Kind.DEGRADED);
      assertThat(pr.message()).contains("COMPLETED").contains("time exceeded")
          .contains("undecided");
    });
  }

  @Test
  void ripeAtlas_lastHopAndResponderField_mapToVerdicts() throws IOException {
    MeasurementReader.ReadResult r =
        MeasurementReader.readAll(Fixtures.path("ripe-trace-verdicts.jsonl"));
    assertThat(r.format()).isEqualTo(SourceFormat.RIPE_ATLAS_JSON);
    assertThat(paths(r)).extracting(TracePath::destinationReached).containsExactly(
        true, // the last hop answered from dst_addr
        false, // the probe gave up: hop 255 silent
        false, // the last hop answered by a router only
        true, // destination_ip_responded: true wins over the last hop
        false, // destination_ip_responded: false wins too
        true, // IPv6: 2001:db8:0:0::34 is 2001:db8::34
        null); // no hop to judge
  }

  @Test
  void verdict_true_isHonouredByTheHopAnalysis() throws IOException {
    // Record 4's last responder is a router; only the feed's verdict says the destination answered.
    TracePath p = paths(MeasurementReader.readAll(Fixtures.path("ripe-trace-verdicts.jsonl")))
        .get(3);
    assertThat(HopAnalyzer.defaults().analyze(p).destinationReached()).isTrue();
    TracePath stripped = new TracePath(p.source(), p.destination(), p.hops());
    assertThat(HopAnalyzer.defaults().analyze(stripped).destinationReached()).isFalse();
  }

  @Test
  void scamperRealTraces_dioptraCompleted_areReachedAtTheDestinationAddress() throws IOException {
    Path dir = SharedData.dir("scamper-warts-dioptra");
    for (String f : List.of("trace_google_dns_v4_default.warts.sc_warts2json.jsonl",
        "trace_google_dns_v6_default.warts.sc_warts2json.jsonl")) {
      MeasurementReader.ReadResult r = MeasurementReader.readAll(dir.resolve(f));
      TracePath p = paths(r).get(0);
      assertThat(p.destinationReached()).as(f).isTrue();
      // scamper's COMPLETED agrees with the addresses: Google DNS answered the last probe.
      assertThat(HopAnalyzer.defaults().analyze(new TracePath(p.source(), p.destination(),
          p.hops())).destinationReached()).as(f).isTrue();
    }
  }

  @Test
  void scamperRealTraces_pantraceCompletedByDefault_isLeftUndecided() throws IOException {
    Path f = SharedData.dir("pantrace").resolve("trace.warts.sc_warts2json.jsonl");
    MeasurementReader.ReadResult r = MeasurementReader.readAll(f);
    // pantrace writes stop_reason COMPLETED for all 1,000 traces, yet each ends with an ICMP
    // time exceeded from a router and none has a reply from its destination.
    assertThat(tally(paths(r))).hasSize(1).containsEntry(null, 1000);
    assertThat(r.problems()).hasSize(1000).allMatch(p -> p.kind() == RecordProblem.Kind.DEGRADED
        && p.message().contains("COMPLETED"));
    for (TracePath p : paths(r)) {
      assertThat(HopAnalyzer.defaults().analyze(p).destinationReached()).isFalse();
    }
  }

  /**
   * Counts from an independent reading of the raw JSON (a script comparing the last hop's
   * {@code from} with {@code dst_addr} as IP addresses); and a false verdict never hides an
   * answer from the destination at an earlier hop.
   */
  @Test
  void ripeRealTraces_verdictsMatchTheRawLastHops() throws IOException {
    Map<String, Map<Boolean, Integer>> expected = Map.of(
        "pantrace/atlas.jsonl", Map.of(true, 4, false, 10),
        "ripe-atlas-sagan/test_traceroute.results.jsonl", Map.of(true, 3, false, 18),
        "ripe-atlas-msm5004-traceroutes/traceroute_2018_01_01.json", Map.of(false, 92),
        "ripe-atlas-msm5004-traceroutes/2015-10-20_00-00-00_msmId5004.json.gz",
        Map.of(true, 16_590, false, 1_226));
    for (Map.Entry<String, Map<Boolean, Integer>> e : expected.entrySet()) {
      String[] parts = e.getKey().split("/");
      MeasurementReader.ReadResult r =
          MeasurementReader.readAll(SharedData.dir(parts[0]).resolve(parts[1]));
      List<TracePath> paths = new ArrayList<>();
      for (Measurement m : r.measurements()) {
        if (m instanceof TraceMeasurement t) {
          paths.add(t.path());
        }
      }
      assertThat(tally(paths)).as(e.getKey()).isEqualTo(e.getValue());
      for (TracePath p : paths) {
        boolean byAddress = HopAnalyzer.defaults().analyze(new TracePath(p.source(),
            p.destination(), p.hops())).destinationReached();
        if (Boolean.FALSE.equals(p.destinationReached())) {
          assertThat(byAddress).as("%s to %s", e.getKey(), p.destination()).isFalse();
        } else {
          assertThat(byAddress).as("%s to %s", e.getKey(), p.destination()).isTrue();
        }
      }
    }
  }
}
