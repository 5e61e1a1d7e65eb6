package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.geofusion.path.Hop;
import io.geofusion.path.HopReply;
import io.geofusion.path.MplsLabel;
import io.geofusion.path.TracePath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeasurementReaderTest {

  @TempDir
  Path tmp;

  private static MeasurementReader.ReadResult read(String fixture) throws IOException {
    return MeasurementReader.readAll(Fixtures.path(fixture));
  }

  private static List<Object> lineAndKind(List<RecordProblem> ps) {
    List<Object> out = new ArrayList<>();
    for (RecordProblem p : ps) {
      out.add(tuple(p.line(), p.kind()));
    }
    return out;
  }

  @Test
  void ripeJsonLines_malformedAndForeignRecords_areReportedWithLineNumbersAndSkipped()
      throws IOException {
    MeasurementReader.ReadResult r = read("ripe-mixed.jsonl");
    assertThat(r.format()).isEqualTo(SourceFormat.RIPE_ATLAS_JSON);
    assertThat(r.measurements()).extracting(Measurement::line).containsExactly(1L, 5L, 8L);
    assertThat(r.problems()).extracting(RecordProblem::line, RecordProblem::kind).containsExactly(
        tuple(2L, RecordProblem.Kind.SKIPPED), tuple(3L, RecordProblem.Kind.SKIPPED),
        tuple(5L, RecordProblem.Kind.DEGRADED), tuple(6L, RecordProblem.Kind.SKIPPED),
        tuple(7L, RecordProblem.Kind.SKIPPED), tuple(7L, RecordProblem.Kind.SKIPPED));
    assertThat(r.problems().get(0).message()).startsWith("malformed JSON");
    assertThat(r.problems().get(1).message()).contains("'dns'");
    assertThat(r.problems().get(2).message()).contains("hop number");
  }

  @Test
  void ripePing_resultArray_givesSendOrderWithLossAndDuplicatesApart() throws IOException {
    PingMeasurement p = (PingMeasurement) read("ripe-mixed.jsonl").measurements().get(0);
    assertThat(p.rttsMs()).containsExactly(10.0, Double.NaN, 12.0);
    assertThat(p.sent()).isEqualTo(3);
    assertThat(p.duplicates()).isEqualTo(1);
    assertThat(p.target()).isEqualTo("192.0.2.10");
    assertThat(p.targetName()).isEqualTo("a.example");
    assertThat(p.source()).isEqualTo("198.51.100.1");
    assertThat(p.vantageId()).isEqualTo("atlas-probe:1");
    assertThat(p.timestamp()).isEqualTo(Instant.ofEpochSecond(1_600_000_000L));
    assertThat(p.packetSizeBytes()).isEqualTo(48);
    assertThat(p.envelope().orElseThrow().lossRatio()).isEqualTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(p.summary().lastMs()).isEqualTo(12.0);
  }

  @Test
  void ripePing_oldestFirmwareWithMinMinusOne_isAllLostSummary() throws IOException {
    PingMeasurement p = (PingMeasurement) read("ripe-mixed.jsonl").measurements().get(2);
    assertThat(p.samplesKnown()).isFalse();
    assertThat(p.sent()).isEqualTo(3);
    assertThat(p.summary().received()).isZero();
    assertThat(p.minRttMs()).isNaN();
  }

  @Test
  void ripeTraceroute_lateDupErrAndMpls_mapToReplies() throws IOException {
    TraceMeasurement t = (TraceMeasurement) read("ripe-mixed.jsonl").measurements().get(1);
    TracePath p = t.path();
    assertThat(p.destination()).isEqualTo("192.0.2.99");
    assertThat(t.destinationName()).isEqualTo("b.example");
    assertThat(t.protocol()).isEqualTo("UDP");
    assertThat(p.hops()).extracting(Hop::ttl).containsExactly(1, 2, 3);
    List<HopReply> h1 = p.hops().get(0).replies();
    assertThat(h1).hasSize(3);
    assertThat(h1.get(1).answered()).isFalse();
    assertThat(h1.get(2)).isEqualTo(new HopReply("10.1.1.1", Double.NaN, List.of(), "late"));
    List<HopReply> h2 = p.hops().get(1).replies();
    assertThat(h2).extracting(HopReply::rttMs).containsExactly(20.25, 21.0); // dup dropped
    assertThat(h2.get(0).mpls()).singleElement()
        .satisfies(l -> assertThat(l.label()).isEqualTo(24001));
    assertThat(p.hops().get(2).replies()).extracting(HopReply::flag).containsExactly("!H", "!X");
  }

  @Test
  void jsonArray_isStreamedWithEachRecordsStartLine() throws IOException {
    MeasurementReader.ReadResult r = read("ripe-array.json");
    assertThat(r.problems()).isEmpty();
    assertThat(r.measurements()).extracting(Measurement::line).containsExactly(2L, 7L);
    assertThat(((PingMeasurement) r.measurements().get(0)).target()).isEqualTo("2001:db8::7");
  }

  @Test
  void jsonArray_syntaxError_keepsRecordsBeforeAndReportsTheLine() throws IOException {
    MeasurementReader.ReadResult r = read("ripe-array-broken.json");
    assertThat(r.measurements()).hasSize(1);
    assertThat(r.problems()).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(5);
      assertThat(p.kind()).isEqualTo(RecordProblem.Kind.SKIPPED);
      assertThat(p.message()).contains("rest of this JSON document");
    });
  }

  @Test
  void mtr_unknownHopRepeatedTtlAndBadLoss_areHandledHonestly() throws IOException {
    MeasurementReader.ReadResult r = read("mtr-unknown-hop.json");
    TraceSummary s = (TraceSummary) r.measurements().get(0);
    assertThat(s.hops()).extracting(HopSummary::ttl).containsExactly(1, 2, 3);
    assertThat(s.hops().get(1).host()).isNull();
    assertThat(s.hops().get(1).stats().received()).isZero();
    assertThat(s.hops().get(1).stats().minMs()).as("mtr prints 0.0 for a silent hop").isNaN();
    assertThat(s.hops().get(2).stats().received()).isEqualTo(3);
    assertThat(s.hops().get(2).stats().lossRatio()).isEqualTo(0.4);
    assertThat(s.packetSizeBytes()).isEqualTo(64);
    assertThat(r.problems()).extracting(RecordProblem::message).anyMatch(m -> m.contains("repeated"))
        .anyMatch(m -> m.contains("Loss%"));
  }

  @Test
  void scamper_pingTraceAndTracelb() throws IOException {
    MeasurementReader.ReadResult r = read("scamper-ping.jsonl");
    assertThat(r.format()).isEqualTo(SourceFormat.SCAMPER_JSON);
    assertThat(r.measurements()).hasSize(2);
    PingMeasurement p = (PingMeasurement) r.measurements().get(0);
    assertThat(p.rttsMs()).containsExactly(3.5, Double.NaN, 3.25, Double.NaN);
    assertThat(p.duplicates()).isEqualTo(1);
    assertThat(p.timestamp()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 500_000_000L));
    assertThat(p.reported().stddevMs()).isEqualTo(0.125);
    TraceMeasurement t = (TraceMeasurement) r.measurements().get(1);
    List<Hop> hops = t.path().hops();
    assertThat(hops).extracting(Hop::ttl).containsExactly(1, 2, 3, 4);
    assertThat(hops.get(1).replies()).hasSize(3).noneMatch(HopReply::answered);
    assertThat(hops.get(2).replies()).extracting(HopReply::answered).containsExactly(false, true);
    assertThat(hops.get(2).replies().get(1).mpls().get(0).label()).isEqualTo(16005);
    assertThat(hops.get(3).replies().get(0).flag()).isEqualTo("!X");
    assertThat(r.problems()).extracting(RecordProblem::line, RecordProblem::kind).containsExactly(
        tuple(2L, RecordProblem.Kind.DEGRADED), tuple(4L, RecordProblem.Kind.SKIPPED));
  }

  @Test
  void pingText_twoRuns_lateReplyDupUnreachableAndMissingStatistics() throws IOException {
    MeasurementReader.ReadResult r = read("ping-two-runs.txt");
    assertThat(r.format()).isEqualTo(SourceFormat.PING_TEXT);
    assertThat(r.measurements()).hasSize(2);
    PingMeasurement linux = (PingMeasurement) r.measurements().get(0);
    assertThat(linux.rttsMs()).containsExactly(10.1, 30.2, 10.3, Double.NaN);
    assertThat(linux.duplicates()).isEqualTo(1);
    assertThat(linux.reported().meanMs()).isEqualTo(16.867);
    PingMeasurement bsd = (PingMeasurement) r.measurements().get(1);
    assertThat(bsd.line()).isEqualTo(12);
    assertThat(bsd.target()).isEqualTo("198.51.100.44");
    assertThat(bsd.targetName()).isEqualTo("example.org");
    assertThat(bsd.rttsMs()).containsExactly(20.0, Double.NaN, 22.0);
    assertThat(bsd.reported()).isNull();
    assertThat(r.problems()).extracting(RecordProblem::line, RecordProblem::kind).containsExactly(
        tuple(6L, RecordProblem.Kind.DEGRADED), tuple(12L, RecordProblem.Kind.DEGRADED));
  }

  @Test
  void tracerouteText_flagsContinuationLinesAndBadLines() throws IOException {
    MeasurementReader.ReadResult r = read("traceroute-flags.txt");
    TraceMeasurement t = (TraceMeasurement) r.measurements().get(0);
    assertThat(t.path().destination()).isEqualTo("198.51.100.60");
    assertThat(t.destinationName()).isEqualTo("example.net");
    assertThat(t.packetSizeBytes()).isEqualTo(60);
    List<Hop> hops = t.path().hops();
    assertThat(hops).extracting(Hop::ttl).containsExactly(1, 2, 3, 4);
    assertThat(hops.get(1).replies()).extracting(HopReply::address)
        .containsExactly(null, "10.20.30.40", null);
    assertThat(hops.get(2).replies()).extracting(HopReply::address, HopReply::rttMs)
        .containsExactly(tuple("203.0.113.1", 35.0), tuple("203.0.113.1", 35.5),
            tuple("203.0.113.2", 36.0));
    assertThat(hops.get(3).replies()).extracting(HopReply::flag).containsExactly("!H", "!N", "!X");
    assertThat(r.measurements()).hasSize(2);
    TraceMeasurement e = (TraceMeasurement) r.measurements().get(1);
    assertThat(e.line()).isEqualTo(10);
    assertThat(e.path().hops().get(0).replies()).hasSize(2).allSatisfy(x -> {
      assertThat(x.mpls()).extracting(MplsLabel::label).containsExactly(16004, 24001);
      assertThat(x.mpls().get(1).trafficClass()).isEqualTo(3);
      assertThat(x.mpls().get(1).bottomOfStack()).isTrue();
    });
    assertThat(e.path().hops().get(1).replies()).allSatisfy(x -> assertThat(x.mpls()).isEmpty());
    assertThat(r.problems()).extracting(RecordProblem::line).containsExactly(8L, 9L, 12L);
    assertThat(r.problems().get(2).message()).contains("MPLS");
  }

  @Test
  void tracepathText_reachedNamesTheDestination() throws IOException {
    MeasurementReader.ReadResult r = read("tracepath-n.txt");
    assertThat(r.problems()).isEmpty();
    TraceMeasurement t = (TraceMeasurement) r.measurements().get(0);
    assertThat(t.path().destination()).isEqualTo("198.51.100.60");
    assertThat(t.path().hops()).extracting(h -> h.replies().size()).containsExactly(2, 1, 1, 1);
    assertThat(t.path().hops().get(1).replies().get(0).answered()).isFalse();
  }

  /** Two records concatenated on one line are two records: neither is dropped. */
  @Test
  void ripeJsonLines_twoRecordsOnOneLine_readsBoth() throws IOException {
    List<String> lines = Files.readAllLines(Fixtures.path("ripe-mixed.jsonl"));
    Path f = tmp.resolve("concatenated.jsonl");
    Files.writeString(f, lines.get(0) + " " + lines.get(7) + "\n");
    MeasurementReader.ReadResult r = MeasurementReader.readAll(f);
    MeasurementReader.ReadResult plain = read("ripe-mixed.jsonl");
    assertThat(r.measurements()).hasSize(2);
    assertThat(r.measurements()).extracting(Measurement::timestamp).containsExactly(
        plain.measurements().get(0).timestamp(), plain.measurements().get(2).timestamp());
    assertThat(r.measurements()).extracting(Measurement::line).containsExactly(1L, 1L);
  }

  @Test
  void gzip_isDetectedByMagicBytesWhateverTheName() throws IOException {
    Path gz = tmp.resolve("no-extension");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(Fixtures.path("ripe-mixed.jsonl")));
    }
    MeasurementReader.ReadResult plain = read("ripe-mixed.jsonl");
    MeasurementReader.ReadResult zipped = MeasurementReader.readAll(gz);
    assertThat(zipped.measurements()).isEqualTo(plain.measurements());
    assertThat(zipped.problems()).isEqualTo(plain.problems());
  }

  @Test
  void truncatedGzip_failsWithAnIoErrorAfterTheGoodRecords() throws IOException {
    Path gz = tmp.resolve("cut.gz");
    StringBuilder sb = new StringBuilder();
    String line = Files.readAllLines(Fixtures.path("ripe-mixed.jsonl")).get(0);
    for (int i = 0; i < 2000; i++) {
      sb.append(line).append('\n');
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] all = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(all, all.length / 2));
    int good = 0;
    try (MeasurementReader r = MeasurementReader.open(gz)) {
      assertThatThrownBy(() -> {
        for (Measurement m : r) {
          assertThat(m).isInstanceOf(PingMeasurement.class);
        }
      }).isInstanceOf(UncheckedIOException.class).hasMessageContaining(gz.toString());
      good = (int) r.recordCount();
    }
    assertThat(good).isGreaterThan(0).isLessThan(2000);
  }

  @Test
  void open_notAMeasurementFile_failsNamingTheFile() throws IOException {
    Path text = tmp.resolve("notes.txt");
    Files.writeString(text, "dear diary\nnothing to see\n");
    assertThatThrownBy(() -> MeasurementReader.open(text))
        .isInstanceOf(MeasurementFormatException.class)
        .hasMessageStartingWith(text.toString()).hasMessageContaining("dear diary")
        .hasMessageContaining("supported");
    Path blank = tmp.resolve("blank.json");
    Files.writeString(blank, "  \n");
    assertThatThrownBy(() -> MeasurementReader.open(blank))
        .isInstanceOf(MeasurementFormatException.class).hasMessageContaining("is empty");
    Path binary = tmp.resolve("x.bin");
    Files.write(binary, new byte[] {'{', 0, 1, 2});
    assertThatThrownBy(() -> MeasurementReader.open(binary))
        .isInstanceOf(MeasurementFormatException.class).hasMessageContaining("binary");
    Path warts = tmp.resolve("x.dat");
    Files.write(warts, new byte[] {0x12, 0x05, 0, 1});
    assertThatThrownBy(() -> MeasurementReader.open(warts))
        .isInstanceOf(MeasurementFormatException.class).hasMessageContaining("sc_warts2json");
    Path otherJson = tmp.resolve("other.json");
    Files.writeString(otherJson, "{\"name\":\"not a measurement\"}\n");
    assertThatThrownBy(() -> MeasurementReader.open(otherJson))
        .isInstanceOf(MeasurementFormatException.class).hasMessageContaining("not a recognised");
  }

  @Test
  void iterator_secondCall_isRefused() throws IOException {
    try (MeasurementReader r = MeasurementReader.open(Fixtures.path("ripe-array.json"))) {
      assertThat(r.stream().count()).isEqualTo(2);
      assertThatThrownBy(r::iterator).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("once");
    }
  }

  @Test
  void problems_beyondTheKeptLimit_areCountedAndAllSentToTheCallback() throws IOException {
    int bad = MeasurementReader.MAX_KEPT_PROBLEMS + 5;
    StringBuilder sb = new StringBuilder();
    sb.append(Files.readAllLines(Fixtures.path("ripe-mixed.jsonl")).get(0)).append('\n');
    for (int i = 0; i < bad; i++) {
      sb.append("{broken\n");
    }
    List<RecordProblem> seen = new ArrayList<>();
    try (MeasurementReader r = MeasurementReader.open(
        new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)), "mem",
        seen::add)) {
      assertThat(r.stream().count()).isEqualTo(1);
      assertThat(r.problemCount()).isEqualTo(bad);
      assertThat(r.problems()).hasSize(MeasurementReader.MAX_KEPT_PROBLEMS);
      assertThat(r.name()).isEqualTo("mem");
    }
    assertThat(seen).hasSize(bad);
    assertThat(seen.get(bad - 1).line()).isEqualTo(bad + 1L);
  }

  @Test
  void jsonLines_firstRecordLongerThanTheSniffWindow_isRead() throws IOException {
    // The RIPE-specific fields come after 40 KB of hops: the format is known after the first read.
    StringBuilder hops = new StringBuilder();
    for (int h = 1; h <= 255; h++) {
      hops.append(h > 1 ? "," : "").append("{\"hop\":").append(h).append(",\"result\":[");
      for (int k = 0; k < 3; k++) {
        hops.append(k > 0 ? "," : "").append("{\"from\":\"203.0.113.").append(h % 250)
            .append("\",\"rtt\":").append(h).append(".5,\"size\":28,\"ttl\":250,")
            .append("\"padding\":\"").append("x".repeat(20)).append("\"}");
      }
      hops.append("]}");
    }
    String line = "{\"result\":[" + hops + "],\"type\":\"traceroute\",\"dst_addr\":"
        + "\"192.0.2.1\",\"prb_id\":42,\"fw\":5020}\n";
    assertThat(line.length()).isGreaterThan(40_000);
    Path f = tmp.resolve("long.jsonl");
    Files.writeString(f, line + line);
    try (MeasurementReader r = MeasurementReader.open(f)) {
      assertThat(r.format()).isNull();
      assertThat(r.read()).isInstanceOf(TraceMeasurement.class);
      assertThat(r.format()).isEqualTo(SourceFormat.RIPE_ATLAS_JSON);
      assertThat(((TraceMeasurement) r.read()).path().hops()).hasSize(255);
      assertThat(r.read()).isNull();
      assertThat(r.problems()).isEmpty();
    }
  }

  @Test
  void byteOrderMark_isIgnored() throws IOException {
    Path f = tmp.resolve("bom.jsonl");
    Files.writeString(f, "\uFEFF" + Files.readString(Fixtures.path("ripe-mixed.jsonl")));
    assertThat(MeasurementReader.readAll(f).measurements()).hasSize(3);
  }
}
