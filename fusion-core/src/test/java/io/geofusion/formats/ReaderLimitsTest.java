package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every count and size field a record carries, driven to its extremes: a reader never sizes
 * anything from what the input claims beyond a program limit (docs/reliability.md). A record over
 * a limit is skipped and counted with its line and the limit's property; the other records stay.
 */
class ReaderLimitsTest {

  private static final String GOOD_RIPE = "{\"type\":\"ping\",\"af\":4,\"prb_id\":6002,"
      + "\"msm_id\":1,\"timestamp\":1795600100,\"from\":\"192.0.2.2\",\"dst_addr\":"
      + "\"198.51.100.7\",\"sent\":1,\"rcvd\":1,\"result\":[{\"rtt\":12.5}]}";

  /** Runs {@code body} with {@code -Dgeofusion.limit.NAME=value} set, then clears it. */
  private static void withLimit(String name, long value, Executable body) throws Throwable {
    System.setProperty("geofusion.limit." + name, Long.toString(value));
    try {
      body.execute();
    } finally {
      System.clearProperty("geofusion.limit." + name);
    }
  }

  /** Reads {@code text}; returns the measurements and collects the problems. */
  private static List<Measurement> read(String text, List<RecordProblem> problems)
      throws IOException {
    List<Measurement> out = new ArrayList<>();
    try (MeasurementReader r = MeasurementReader.open(new ByteArrayInputStream(
        text.getBytes(StandardCharsets.UTF_8)), "hostile", problems::add)) {
      for (Measurement m = r.read(); m != null; m = r.read()) {
        out.add(m);
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e308", "1.7976931348623157e308", "3600000.5"})
  void ripePing_hugeFiniteRtt_skipsThatRecordWithItsLineAndKeepsTheRest(String rtt)
      throws IOException {
    String bad = GOOD_RIPE.replace("6002", "6001").replace("12.5", rtt);
    List<RecordProblem> problems = new ArrayList<>();
    List<Measurement> ms = read(bad + "\n" + GOOD_RIPE + "\n", problems);
    assertThat(ms).hasSize(1);
    assertThat(problems).anySatisfy(p -> {
      assertThat(p.line()).isEqualTo(1);
      assertThat(p.kind()).isEqualTo(RecordProblem.Kind.SKIPPED);
    });
    assertThat(((PingMeasurement) ms.get(ms.size() - 1)).minRttMs()).isEqualTo(12.5);
  }

  @ParameterizedTest
  @ValueSource(longs = {100_001, 300_000_000, Integer.MAX_VALUE})
  void ripePing_sentAboveTheLimit_isSkippedNamingTheLimit(long sent) throws IOException {
    String bad = GOOD_RIPE.replace("\"sent\":1", "\"sent\":" + sent);
    List<RecordProblem> problems = new ArrayList<>();
    assertThat(read(bad + "\n" + GOOD_RIPE + "\n", problems)).hasSize(1);
    assertThat(problems).anySatisfy(p ->
        assertThat(p.message()).contains("geofusion.limit.probes"));
  }

  @ParameterizedTest
  @ValueSource(longs = {100_001, 1L << 30, Integer.MAX_VALUE})
  void scamperPing_pingSentNearTwoToThe31_isSkipped(long sent) throws IOException {
    String ping = "{\"type\":\"ping\",\"version\":\"0.4\",\"method\":\"icmp-echo\",\"src\":"
        + "\"192.0.2.1\",\"dst\":\"198.51.100.8\",\"start\":{\"sec\":1700000000,\"usec\":0},"
        + "\"ping_sent\":" + sent + ",\"responses\":[{\"from\":\"198.51.100.8\",\"seq\":0,"
        + "\"rtt\":3.5}]}";
    List<RecordProblem> problems = new ArrayList<>();
    assertThat(read(ping + "\n", problems)).isEmpty();
    assertThat(problems).anySatisfy(p ->
        assertThat(p.message()).contains("ping_sent").contains("geofusion.limit.probes"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"attempts\":2147483647", "\"probe_id\":2147483647",
      "\"probe_id\":5000"})
  void scamperTrace_attemptsOrProbeIdNearTwoToThe31_isSkipped(String field) throws IOException {
    String attempts = field.startsWith("\"attempts\"") ? field : "\"attempts\":3";
    String probeId = field.startsWith("\"probe_id\"") ? field : "\"probe_id\":1";
    String trace = "{\"type\":\"trace\",\"version\":\"0.1\",\"method\":\"icmp-paris\",\"src\":"
        + "\"192.0.2.1\",\"dst\":\"198.51.100.9\"," + attempts + ",\"firsthop\":1,"
        + "\"hop_count\":2,\"start\":{\"sec\":1700000001,\"usec\":0},\"hops\":[{\"addr\":"
        + "\"192.0.2.254\",\"probe_ttl\":1," + probeId + ",\"rtt\":0.5,\"icmp_type\":11,"
        + "\"icmp_code\":0}]}";
    List<RecordProblem> problems = new ArrayList<>();
    assertThat(read(trace + "\n", problems)).isEmpty();
    assertThat(problems).anySatisfy(p ->
        assertThat(p.message()).contains("geofusion.limit.respondersPerHop"));
  }

  @Test
  void pingText_nearlyABillionPacketsTransmitted_isSkippedNamingTheLimit() throws IOException {
    String text = "PING 198.51.100.7 (198.51.100.7) 56(84) bytes of data.\n"
        + "64 bytes from 198.51.100.7: icmp_seq=1 ttl=57 time=12.5 ms\n\n"
        + "--- 198.51.100.7 ping statistics ---\n"
        + "999999999 packets transmitted, 1 received, 99% packet loss, time 0ms\n";
    List<RecordProblem> problems = new ArrayList<>();
    assertThat(read(text, problems)).isEmpty();
    assertThat(problems).anySatisfy(p ->
        assertThat(p.message()).contains("999999999").contains("geofusion.limit.probes"));
  }

  @Test
  void pingText_sequenceNumberBeyondTheLimit_isNotSized() throws IOException {
    String text = "PING 198.51.100.7 (198.51.100.7) 56(84) bytes of data.\n"
        + "64 bytes from 198.51.100.7: icmp_seq=1 ttl=57 time=12.5 ms\n"
        + "64 bytes from 198.51.100.7: icmp_seq=999999999 ttl=57 time=12.5 ms\n";
    List<RecordProblem> problems = new ArrayList<>();
    List<Measurement> ms = read(text, problems);
    assertThat(ms).hasSize(1);
    assertThat(((PingMeasurement) ms.get(0)).sent()).isLessThanOrEqualTo(100_000);
  }

  @Test
  void pingText_windows1252Byte_isRefusedWithFileAndLine() throws IOException {
    byte[] text = ("PING 198.51.100.7 (198.51.100.7) 56(84) bytes of data.\n"
        + "64 bytes from 198.51.100.7: icmp_seq=1 ttl=57 time=12.5 ms\n"
        + "64 bytes from 198.51.100.7: icmp_seq=2 ttl=57 time=12.5 ms \u2013\n")
        .getBytes(StandardCharsets.ISO_8859_1); // en dash as Windows-1252 0x96, not UTF-8
    text[text.length - 2] = (byte) 0x96;
    List<RecordProblem> problems = new ArrayList<>();

    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> {
      try (MeasurementReader r = MeasurementReader.open(new ByteArrayInputStream(text),
          "pings.txt", problems::add)) {
        for (Measurement m = r.read(); m != null; m = r.read()) {
          assertThat(m).isNotNull();
        }
      }
    });

    assertThat(e.getMessage()).startsWith("pings.txt:3: not UTF-8 text");
  }

  @Test
  void ripeArray_windows1252Byte_isRefusedWithFileAndLine() throws IOException {
    byte[] text = ("[{\"fw\":5020,\"af\":4,\"dst_addr\":\"198.51.100.7\",\"type\":\"ping\",\n"
        + "\"proto\":\"ICMP\",\"from\":\"10.0.0.1\",\"prb_id\":1,\"msm_id\":1,\n"
        + "\"timestamp\":1700000000,\"sent\":1,\"rcvd\":1,\"result\":[{\"rtt\":12.5}],\n"
        + "\"note\":\"x\"}]\n").getBytes(StandardCharsets.ISO_8859_1);
    text[text.length - 6] = (byte) 0x96; // the x: a Windows-1252 en dash, not UTF-8

    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> {
      try (MeasurementReader r = MeasurementReader.open(new ByteArrayInputStream(text),
          "ripe.json", p -> { })) {
        for (Measurement m = r.read(); m != null; m = r.read()) {
          assertThat(m).isNotNull();
        }
      }
    });

    assertThat(e.getMessage()).contains("ripe.json:4: not UTF-8 text");
  }

  @Test
  void jsonLines_windows1252Byte_lineSkippedAndCountedWithItsLine() throws IOException {
    String good = "{\"fw\":5020,\"af\":4,\"dst_addr\":\"198.51.100.7\",\"type\":\"ping\","
        + "\"proto\":\"ICMP\",\"from\":\"10.0.0.1\",\"prb_id\":1,\"msm_id\":1,"
        + "\"timestamp\":1700000000,\"sent\":1,\"rcvd\":1,\"result\":[{\"rtt\":12.5}]}";
    byte[] text = (good + "\n" + good.replace("10.0.0.1", "10.0.0.x") + "\n" + good + "\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    for (int i = good.length() + 1; i < text.length; i++) {
      if (text[i] == 'x') {
        text[i] = (byte) 0x96; // a Windows-1252 en dash in line 2, not UTF-8
        break;
      }
    }
    List<RecordProblem> problems = new ArrayList<>();
    List<Measurement> ms = new ArrayList<>();
    try (MeasurementReader r = MeasurementReader.open(new ByteArrayInputStream(text),
        "pings.jsonl", problems::add)) {
      for (Measurement m = r.read(); m != null; m = r.read()) {
        ms.add(m);
      }
    }

    assertThat(ms).hasSize(2);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).toString()).contains("2").contains("not UTF-8 text");
  }

  /**
   * A RIPE array whose middle record is longer than {@code jsonRecordBytes}: its bulk sits
   * {@code depth} levels deep, so the parser passes the limit inside nested values and must find
   * the record's end from there.
   */
  private static String ripeArrayWithLongMiddleRecord(int padChars, int depth) {
    StringBuilder pad = new StringBuilder();
    pad.append("[".repeat(depth));
    for (int k = 0; pad.length() < padChars; k++) {
      pad.append(k == 0 ? "" : ",").append("{\"rtt\":12.5,\"x\":[1,2,\"three\"]}");
    }
    pad.append("]".repeat(depth));
    String big = GOOD_RIPE.replace("6002", "6005").replace("\"result\"", "\"pad\":" + pad
        + ",\"result\"");
    return "[\n" + GOOD_RIPE.replace("6002", "6001") + ",\n" + big + ",\n"
        + GOOD_RIPE.replace("6002", "6009") + "\n]\n";
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7})
  void ripeArray_recordLongerThanTheLimit_isSkippedWithItsLineAndTheRestKept(int depth)
      throws Throwable {
    withLimit("jsonRecordBytes", 4096, () -> {
      List<RecordProblem> problems = new ArrayList<>();
      List<Measurement> ms = read(ripeArrayWithLongMiddleRecord(50_000, depth), problems);

      assertThat(ms).hasSize(2);
      assertThat(problems).singleElement().satisfies(p -> {
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.kind()).isEqualTo(RecordProblem.Kind.SKIPPED);
        assertThat(p.message()).contains("4096").contains("geofusion.limit.jsonRecordBytes");
      });
      assertThat(ms).extracting(Measurement::line).containsExactly(2L, 4L);
    });
  }

  @Test
  void ripeArray_recordWithinTheLimit_isKept() throws Throwable {
    withLimit("jsonRecordBytes", 100_000, () -> {
      List<RecordProblem> problems = new ArrayList<>();
      assertThat(read(ripeArrayWithLongMiddleRecord(50_000, 2), problems)).hasSize(3);
      assertThat(problems).isEmpty();
    });
  }

  /** A RIPE ping claiming {@code sent} probes and listing {@code replies} replies. */
  private static String ripePingWithReplies(int prbId, int sent, int replies) {
    StringBuilder r = new StringBuilder();
    for (int k = 0; k < replies; k++) {
      r.append(k == 0 ? "" : ",").append(k % 7 == 0 ? "{\"x\":\"*\"}" : "{\"rtt\":12.5}");
    }
    return GOOD_RIPE.replace("6002", Integer.toString(prbId))
        .replace("\"sent\":1,\"rcvd\":1", "\"sent\":" + sent + ",\"rcvd\":" + sent)
        .replace("[{\"rtt\":12.5}]", "[" + r + "]");
  }

  /**
   * A record whose reply array is longer than the probes limit, whatever its {@code sent} says
   * (was: read whole, the count only compared with {@code sent}): stopped at the reply past the
   * limit and skipped with its line, in each layout: JSON Lines, a line holding an array of
   * records, a RIPE array over several lines.
   */
  @ParameterizedTest
  @ValueSource(strings = {"lines", "line-array", "array"})
  void ripePing_moreRepliesThanTheProbesLimit_isSkippedNamingTheLimit(String layout)
      throws Throwable {
    withLimit("probes", 1000, () -> {
      String within = ripePingWithReplies(6001, 1000, 1000);
      String over = ripePingWithReplies(6005, 1000, 1001);
      String after = GOOD_RIPE.replace("6002", "6009");
      String text = switch (layout) {
        case "lines" -> within + "\n" + over + "\n" + after + "\n";
        case "line-array" -> within + "\n[" + after + "," + over + "]\n" + after + "\n";
        default -> "[" + within + ",\n" + over + ",\n" + after + "\n]\n";
      };
      List<RecordProblem> problems = new ArrayList<>();
      List<Measurement> ms = read(text, problems);

      assertThat(ms).extracting(Measurement::line)
          .containsExactly(1L, 3L).as("the records around the one over the limit");
      assertThat(((PingMeasurement) ms.get(0)).sent()).isEqualTo(1000);
      assertThat(problems).singleElement().satisfies(p -> {
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.kind()).isEqualTo(RecordProblem.Kind.SKIPPED);
        assertThat(p.message()).contains("more than 1000 replies in \"result\"")
            .contains("-Dgeofusion.limit.probes=");
      });
    });
  }

  @Test
  void scamperPing_moreResponsesThanTheProbesLimit_isSkippedNamingTheLimit() throws Throwable {
    withLimit("probes", 1000, () -> {
      StringBuilder r = new StringBuilder();
      for (int k = 0; k < 1001; k++) {
        r.append(k == 0 ? "" : ",").append("{\"from\":\"198.51.100.8\",\"seq\":")
            .append(k % 1000).append(",\"rtt\":3.5}");
      }
      String ping = "{\"type\":\"ping\",\"version\":\"0.4\",\"method\":\"icmp-echo\",\"src\":"
          + "\"192.0.2.1\",\"dst\":\"198.51.100.8\",\"start\":{\"sec\":1700000000,\"usec\":0},"
          + "\"ping_sent\":1000,\"responses\":[" + r + "]}";
      List<RecordProblem> problems = new ArrayList<>();
      assertThat(read(ping + "\n", problems)).isEmpty();
      assertThat(problems).singleElement().satisfies(p ->
          assertThat(p.message()).contains("more than 1000 replies in \"responses\"")
              .contains("geofusion.limit.probes"));
    });
  }
}
