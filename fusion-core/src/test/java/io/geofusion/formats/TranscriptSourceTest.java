package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.geofusion.path.TracePath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The record splitting {@link TranscriptSource} gives the ping and traceroute text readers, on a
 * toy grammar ({@code H …} header, {@code # …} notice, anything else body; a record whose body
 * says {@code skip} is skipped) so each rule is seen alone.
 */
class TranscriptSourceTest {

  /** A toy record: its first line, its header lines and body lines, as read. */
  static final class Toy {
    final long start;
    final List<String> lines = new ArrayList<>();
    boolean content;

    Toy(long start) {
      this.start = start;
    }
  }

  /** Records what the base class hands over; finish returns a ping whose name tells it. */
  static final class ToySource extends TranscriptSource<Toy> {
    ToySource(String text, Problems problems) {
      super(new BufferedReader(new StringReader(text)), problems);
    }

    @Override
    boolean isHeader(String t) {
      return t.startsWith("H ");
    }

    @Override
    boolean isNotice(String t) {
      return t.startsWith("#");
    }

    @Override
    Toy open(long line) {
      return new Toy(line);
    }

    @Override
    boolean hasContent(Toy toy) {
      return toy.content;
    }

    @Override
    void header(Toy toy, String t) {
      toy.lines.add(t + "@" + lines.lineNo());
      toy.content = !t.equals("H empty");
    }

    @Override
    void body(Toy toy, String line, String t) {
      toy.lines.add((line.equals(t) ? "" : "indented ") + t + "@" + lines.lineNo());
      toy.content = true;
    }

    @Override
    Measurement finish(Toy toy) {
      String s = toy.start + ":" + String.join(",", toy.lines);
      if (toy.lines.stream().anyMatch(l -> l.startsWith("skip"))) {
        problems.skipped(toy.start, "skipped");
        return null;
      }
      return new PingMeasurement(SourceFormat.PING_TEXT, toy.start, null, null, "192.0.2.1", s,
          null, null, null, 1, new double[] {1.0}, 0, null);
    }
  }

  private static List<String> read(String text, List<RecordProblem> problems) throws IOException {
    List<String> out = new ArrayList<>();
    for (Measurement m : all(new ToySource(text, new Problems(problems::add)))) {
      out.add(((PingMeasurement) m).targetName());
    }
    return out;
  }

  private static List<Measurement> all(RecordSource src) throws IOException {
    List<Measurement> out = new ArrayList<>();
    for (Measurement m = src.next(); m != null; m = src.next()) {
      out.add(m);
    }
    return out;
  }

  @Test
  void next_headersSplitRecords_andLineNumbersAreKept() throws IOException {
    List<RecordProblem> problems = new ArrayList<>();
    assertThat(read("H a\nx\n\n  y\nH b\n# notice\nz\n", problems)).containsExactly(
        "1:H a@1,x@2,indented y@4", "5:H b@5,z@7");
    assertThat(problems).isEmpty();
  }

  @Test
  void next_headerAfterAnEmptyHeader_staysInTheSameRecord() throws IOException {
    // "traceroute: Warning" then "traceroute to": a header that holds nothing does not end the
    // record (ping's and traceroute's rule: the record holds a header or a body line).
    assertThat(read("H empty\nH a\nx\n", new ArrayList<>())).containsExactly(
        "1:H empty@1,H a@2,x@3");
  }

  @Test
  void next_bodyBeforeAnyHeader_opensARecordWithoutOne() throws IOException {
    assertThat(read("# notice\nx\ny\nH a\nz\n", new ArrayList<>())).containsExactly(
        "2:x@2,y@3", "4:H a@4,z@5");
  }

  @Test
  void next_skippedRecord_doesNotEndTheInput() throws IOException {
    List<RecordProblem> problems = new ArrayList<>();
    assertThat(read("H a\nskip\nH b\nx\nH c\nskip\n", problems)).containsExactly("3:H b@3,x@4");
    assertThat(problems).extracting(RecordProblem::line).containsExactly(1L, 5L);
  }

  @Test
  void next_onlyBlankLinesAndNotices_isTheEnd() throws IOException {
    assertThat(read("\n# a\n   \n", new ArrayList<>())).isEmpty();
  }

  @Test
  void readers_tracerouteWarningBetweenTraces_belongsToNoTrace() throws IOException {
    String text = "traceroute to 192.0.2.9 (192.0.2.9), 30 hops max, 60 byte packets\n"
        + " 1  192.0.2.9  1.000 ms\n"
        + "traceroute: Warning: b.example has multiple addresses; using 192.0.2.10\n"
        + "traceroute to b.example (192.0.2.10), 30 hops max, 60 byte packets\n"
        + " 1  192.0.2.10  2.000 ms\n";
    List<RecordProblem> problems = new ArrayList<>();
    List<Measurement> out = all(new TracerouteTextSource(
        new BufferedReader(new StringReader(text)), new Problems(problems::add)));
    assertThat(out).extracting(Measurement::line).containsExactly(1L, 4L);
    assertThat(out).extracting(m -> ((TraceMeasurement) m).path())
        .extracting(TracePath::destination, TracePath::destinationReached)
        .containsExactly(tuple("192.0.2.9", true),
            tuple("192.0.2.10", true));
    assertThat(problems).isEmpty();
  }

  @Test
  void readers_tracepathRuns_startAtLocalhostNotAtAPromptBeforeIt() throws IOException {
    String text = "$ tracepath -n 192.0.2.9\n"
        + " 1?: [LOCALHOST]                      pmtu 1500\n"
        + " 1:  192.0.2.9                                            1.000ms reached\n"
        + "     Resume: pmtu 1500 hops 1 back 1\n"
        + " 1?: [LOCALHOST]                      pmtu 1500\n"
        + " 1:  192.0.2.1                                            1.000ms\n"
        + "     Too many hops: pmtu 1500\n"
        + "     Resume: pmtu 1500\n";
    List<RecordProblem> problems = new ArrayList<>();
    List<Measurement> out = all(new TracepathTextSource(
        new BufferedReader(new StringReader(text)), new Problems(problems::add)));
    assertThat(out).extracting(Measurement::line).containsExactly(2L, 5L);
    assertThat(out).extracting(m -> ((TraceMeasurement) m).path())
        .extracting(TracePath::destination, TracePath::destinationReached)
        .containsExactly(tuple("192.0.2.9", true), tuple(null, false)); // a router is no destination
    assertThat(problems).extracting(RecordProblem::line).containsExactly(1L, 5L);
  }
}
