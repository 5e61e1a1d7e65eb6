package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.path.HopAnalyzer;
import io.geofusion.path.PathAnalysis;
import io.geofusion.path.TracePath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transcripts that do not name their destination (a {@code traceroute} without its
 * {@code traceroute to} header, a {@code tracepath} run that never printed {@code reached}): the
 * destination is unknown, so the last responder is not presented as the destination and reaching
 * it is undecided unless the transcript itself decides it (docs/formats.md, "Reaching the
 * destination").
 */
class HeaderlessTraceTest {

  private static List<RecordProblem> problems;

  private static TracePath only(MeasurementReader.ReadResult r) {
    problems = r.problems();
    assertThat(r.measurements()).hasSize(1);
    return ((TraceMeasurement) r.measurements().get(0)).path();
  }

  private static TracePath read(String name, String text) throws IOException {
    try (MeasurementReader reader = MeasurementReader.open(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name, p -> { })) {
      List<Measurement> all = new ArrayList<>();
      for (Measurement m : reader) {
        all.add(m);
      }
      assertThat(all).hasSize(1);
      return ((TraceMeasurement) all.get(0)).path();
    }
  }

  /** The analysis of {@code p}, which names no destination and carries no verdict: undecided. */
  private static PathAnalysis undecided(TracePath p) {
    assertThat(p.destination()).isNull();
    assertThat(p.destinationReached()).isNull();
    PathAnalysis a = HopAnalyzer.defaults().analyze(p);
    assertThat(a.destination()).isNull();
    assertThat(a.destinationReached()).isFalse();
    assertThat(a.reachUndecided()).isTrue();
    assertThat(a.eventAnomalies()).doesNotContain(PathAnalysis.DESTINATION_UNREACHED);
    return a;
  }

  @Test
  void read_loopbackTracerouteWithoutHeader_destinationUnknownAndUndecided() throws IOException {
    // `traceroute -n -w 1 -q 3 127.0.0.2` on this machine, its header line removed.
    undecided(read("tr.txt", " 1  127.0.0.2  0.383 ms  0.320 ms  0.308 ms\n"));
  }

  @Test
  void read_loopbackTracerouteWithHeader_destinationReached() throws IOException {
    TracePath p = read("tr.txt", "traceroute to 127.0.0.2 (127.0.0.2), 30 hops max, 60 byte"
        + " packets\n 1  127.0.0.2  0.383 ms  0.320 ms  0.308 ms\n");
    assertThat(p.destination()).isEqualTo("127.0.0.2");
    PathAnalysis a = HopAnalyzer.defaults().analyze(p);
    assertThat(a.destinationReached()).isTrue();
    assertThat(a.reachUndecided()).isFalse();
  }

  @Test
  void read_jcTracerouteNoHeader_lastResponderIsNotTheDestination() throws IOException {
    Path f = SharedData.dir("jc-fixtures").resolve("osx-10.14.6/traceroute-no-header.out");
    TracePath p = only(MeasurementReader.readAll(f));
    // hop 2 76.220.24.1 answered, hop 3 "* * *": nothing says where the trace was going.
    assertThat(problems).singleElement().satisfies(pr -> {
      assertThat(pr.kind()).isEqualTo(RecordProblem.Kind.DEGRADED);
      assertThat(pr.message()).contains("header").contains("unknown")
          .doesNotContain("taken to be");
    });
    // The trailing silent hop is not excused as "after the destination answered".
    assertThat(undecided(p).eventAnomalies()).contains("hop_timeout");
  }

  @Test
  void read_jcTracerouteHeaderCutOff_undecidedEvenWhenTheLastHopWasTheTarget()
      throws IOException {
    Path f = SharedData.dir("jc-fixtures").resolve("generic/traceroute-n-ipv4.out");
    String text = Files.readString(f, StandardCharsets.UTF_8);
    assertThat(text).startsWith("traceroute to www.koumbit.org (199.58.80.40)");
    TracePath whole = only(MeasurementReader.readAll(f));
    assertThat(HopAnalyzer.defaults().analyze(whole).destinationReached()).isTrue();
    TracePath cut = read("cut.txt", text.substring(text.indexOf('\n') + 1));
    assertThat(cut.hops()).isEqualTo(whole.hops());
    undecided(cut);
  }

  @Test
  void read_jcTracepathTooManyHops_unreachedWithoutNamingADestination() throws IOException {
    Path f = SharedData.dir("jc-fixtures").resolve("centos-7.7/tracepath.out");
    TracePath p = only(MeasurementReader.readAll(f));
    assertThat(p.destination()).isNull();
    assertThat(p.destinationReached()).isFalse();
    PathAnalysis a = HopAnalyzer.defaults().analyze(p);
    assertThat(a.destinationReached()).isFalse();
    assertThat(a.reachUndecided()).isFalse();
    assertThat(a.eventAnomalies()).contains("hop_timeout", PathAnalysis.DESTINATION_UNREACHED);
  }

  @Test
  void read_jcTracepathReached_namesTheResponderThatSaidReached() throws IOException {
    Path f = SharedData.dir("jc-fixtures").resolve("centos-7.7/tracepath6.out");
    TracePath p = only(MeasurementReader.readAll(f));
    assertThat(p.destination()).isEqualTo("3ffe:2400:0:109::2");
    assertThat(HopAnalyzer.defaults().analyze(p).destinationReached()).isTrue();
  }
}
