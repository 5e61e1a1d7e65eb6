package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.TracePath;
import io.geofusion.path.HopReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
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

  @Test
  void tracerouteText_destinationAddressFlagsAndMaxHops_mapToVerdicts() throws IOException {
    MeasurementReader.ReadResult r =
        MeasurementReader.readAll(Fixtures.path("traceroute-verdicts.txt"));
    assertThat(r.format()).isEqualTo(SourceFormat.TRACEROUTE_TEXT);
    assertThat(r.problems()).isEmpty();
    assertThat(paths(r)).extracting(TracePath::destinationReached).containsExactly(
        true, // the destination answered at hop 3, beside a router
        false, // !H from a router ended it
        false, // ran to "5 hops max" without the destination
        null, // stops at hop 4 of 30 with no flag: cut short
        true, // IPv6: header 2001:DB8:0:0::50 is 2001:db8::50
        true, // !X from the destination itself: it answered
        null); // a bare "!" (BSD: reply TTL <= 1) is no unreachable
    // The older fixture: both traces reach their header address (one with !H !N !X from it).
    assertThat(paths(MeasurementReader.readAll(Fixtures.path("traceroute-flags.txt"))))
        .extracting(TracePath::destinationReached).containsExactly(true, true);
  }

  @Test
  void tracepathText_reachedTooManyHopsAndErrors_mapToVerdicts() throws IOException {
    MeasurementReader.ReadResult r =
        MeasurementReader.readAll(Fixtures.path("tracepath-verdicts.txt"));
    assertThat(r.format()).isEqualTo(SourceFormat.TRACEPATH_TEXT);
    List<TracePath> p = paths(r);
    assertThat(p).extracting(TracePath::destinationReached).containsExactly(
        false, // "Too many hops"
        false, // stopped on !H
        null); // cut short: no Resume line
    assertThat(p.get(1).hops().get(1).replies()).singleElement()
        .extracting(HopReply::flag).isEqualTo("!H");
    assertThat(paths(MeasurementReader.readAll(Fixtures.path("tracepath-n.txt"))))
        .extracting(TracePath::destinationReached).containsExactly(true); // "reached"
  }

  /**
   * Expected verdicts of every traceroute/tracepath output among the 95 jc fixtures, read off the
   * text by eye (not produced by this code): the hop that answered from the header's address, the
   * {@code N hops max} limit against the last hop printed, tracepath's own words.
   */
  private static final String[][] JC_TRACE_VERDICTS = {
      {"centos-7.7/tracepath.out", "false", "ends 'Too many hops' after 30: no reply"},
      {"centos-7.7/tracepath6.out", "true", "2: 3ffe:2400:0:109::2 ... reached"},
      {"centos-7.7/traceroute.out", "false", "30 hops max, hop 30 * * *"},
      {"freebsd12/traceroute.out", "true", "hop 9 dns.google (8.8.8.8) = header 8.8.8.8"},
      {"freebsd12/traceroute6.out", "null", "64 hops max, stops at hop 31 * * *"},
      {"generic/traceroute-n-ipv4.out", "true", "hop 8 199.58.80.40 = header"},
      {"generic/traceroute-n-ipv6.out", "true", "hop 12 2607:f8b0:4020:806::2004 = header"},
      {"generic/traceroute-n-q1-ipv4.out", "true", "hop 8 199.58.80.40 = header"},
      {"generic/traceroute1.out", "null",
          "30 hops max, stops at hop 15 172.217.21.163 (header 173.207.22.152), flags only at hop 1"},
      {"generic/traceroute2.out", "true", "hop 12 (216.58.194.46) = header"},
      {"generic/traceroute3.out", "true", "hop 19 (31.13.82.36) = header"},
      {"generic/traceroute4.out", "true", "hop 6 (64.13.192.208) = header"},
      {"generic/traceroute5.out", "true", "hop 9 (104.18.42.178) = header"},
      {"generic/traceroute6.out", "false", "30 hops max, hop 30 * * *"},
      {"generic/traceroute7.out", "null", "64 hops max, stops at hop 12 * * *"},
      {"generic/traceroute8.out", "null",
          "30 hops max, stops at hop 9 2400:cb00:... (header 2606:4700:3030::6812:3e4e)"},
      {"osx-10.14.6/traceroute-asn.out", "false", "4 hops max, hop 4 12.122.149.186 (header 8.8.8.8)"},
      {"osx-10.14.6/traceroute-mult-addresses.out", "null", "64 hops max, cut inside hop 3"},
      {"osx-10.14.6/traceroute-no-header.out", "null", "no header: no address, no limit"},
      {"osx-10.14.6/traceroute-q.out", "false", "3 hops max, hop 3 * * * * *"},
      {"osx-10.14.6/traceroute.out", "true", "hop 9 dns.google (8.8.8.8) = header"},
      {"osx-10.14.6/traceroute6-mult-addresses.out", "false", "5 hops max, hop 5 * * *"},
      {"osx-10.14.6/traceroute6.out", "false", "5 hops max, hop 5 * * *"},
  };

  @Test
  void jcFixtures_textTraceVerdicts_matchWhatTheTextShows() throws IOException {
    Path dir = SharedData.dir("jc-fixtures");
    List<Path> outputs;
    try (Stream<Path> s = Files.walk(dir)) {
      outputs = s.filter(f -> f.toString().endsWith(".out")).sorted().toList();
    }
    assertThat(outputs).hasSize(95);
    Map<String, String[]> expected = new TreeMap<>();
    for (String[] row : JC_TRACE_VERDICTS) {
      expected.put(row[0], row);
    }
    Map<String, Boolean> actual = new TreeMap<>();
    for (Path out : outputs) {
      MeasurementReader.ReadResult r = MeasurementReader.readAll(out);
      String name = dir.relativize(out).toString().replace('\\', '/');
      if (r.format() == SourceFormat.TRACEROUTE_TEXT || r.format() == SourceFormat.TRACEPATH_TEXT) {
        List<TracePath> p = paths(r);
        assertThat(p).as(name).hasSize(1);
        actual.put(name, p.get(0).destinationReached());
      } else {
        assertThat(r.format()).as(name).isEqualTo(SourceFormat.PING_TEXT);
      }
    }
    assertThat(actual.keySet()).as("trace outputs among the jc fixtures")
        .isEqualTo(expected.keySet());
    for (String[] row : expected.values()) {
      assertThat(String.valueOf(actual.get(row[0]))).as("%s: %s", row[0], row[2])
          .isEqualTo(row[1]);
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
