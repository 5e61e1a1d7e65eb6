package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.geofusion.testing.Seeds;
import io.geofusion.text.JsonTrees;
import io.geofusion.text.TextLines;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * JSON Lines are split as bytes and parsed by Jackson's byte parser when ASCII: every line must
 * give what it gave when lines were read as text ({@link BufferedReader#readLine()}, Jackson's
 * text parser), through {@link MeasurementReader#read()} and through {@link
 * MeasurementReader#readBatch} alike. The oracle below is the text-based JSON Lines source as it
 * was; the inputs are seeded mutations of the fixtures: every line terminator, blank lines of
 * every whitespace, non-ASCII and malformed UTF-8 bytes, broken JSON, arrays and concatenated
 * values on one line, a byte-order mark.
 */
@ExtendWith(Seeds.class)
class JsonLinesBytesTest {

  private static final List<String> FIXTURES = List.of("ripe-mixed.jsonl",
      "ripe-trace-verdicts.jsonl", "scamper-ping.jsonl", "scamper-trace-verdicts.jsonl");

  /** Measurements and problems, in the order they came. */
  private record Read(List<Measurement> measurements, List<String> problems) {}

  @Test
  void jsonLines_seededMutations_readAsTheTextReaderReadThem() throws IOException {
    SplittableRandom rnd = new SplittableRandom(Seeds.seed());
    List<String> lines = new ArrayList<>();
    List<String> whole = new ArrayList<>(); // lines that are one JSON object, to start a file with
    for (String f : FIXTURES) {
      for (String l : Files.readAllLines(Fixtures.path(f))) {
        if (l.startsWith("{")) {
          lines.add(l);
          try {
            // A file must start with a record the sniffer recognises (a JSON object that is no
            // measurement, such as ripe-mixed.jsonl's {"hello":"world"}, makes open() refuse the
            // file, which the line-by-line oracle does not model).
            if (JsonRecords.decode(JsonTrees.read(l), 1, new Problems(p -> { })) != null) {
              whole.add(l);
            }
          } catch (JsonProcessingException e) {
            // a fixture's deliberately broken line: fine later in a file
          }
        }
      }
    }
    for (int round = 0; round < 400; round++) {
      byte[] data = mutated(whole.get(rnd.nextInt(whole.size())), lines, rnd);
      Read expected = oracle(data);
      assertThat(viaRead(data)).as("round %d, read()", round).isEqualTo(expected);
      assertThat(viaBatches(data, 1 + rnd.nextInt(5))).as("round %d, readBatch", round)
          .isEqualTo(expected);
    }
  }

  @Test
  void jsonLines_multiByteTextAcrossTheSniffWindow_readAsTheTextReaderReadThem()
      throws IOException {
    // 2-byte characters: the sniffing window (32 Ki characters) ends past the first 32 KiB.
    for (int chars : new int[] {10_000, 16_383, 16_384, 20_000, 40_000}) {
      String first = "{\"type\":\"ping\",\"prb_id\":1,\"msm_id\":9,\"dst_addr\":\"192.0.2.1\","
          + "\"dst_name\":\"" + "\u00e9".repeat(chars) + "\",\"sent\":1,\"rcvd\":1,"
          + "\"result\":[{\"rtt\":1.5}]}";
      String second = "{\"type\":\"ping\",\"prb_id\":2,\"msm_id\":9,\"dst_addr\":\"192.0.2.2\","
          + "\"sent\":1,\"rcvd\":0,\"result\":[{\"x\":\"*\"}]}";
      byte[] data = (first + "\n" + second + "\n" + first.replace("\u00e9", "\u20ac") + "\n")
          .getBytes(StandardCharsets.UTF_8);
      Read expected = oracle(data);
      assertThat(expected.measurements()).hasSize(3);
      assertThat(viaRead(data)).as("%d chars", chars).isEqualTo(expected);
      assertThat(viaBatches(data, 2)).as("%d chars", chars).isEqualTo(expected);
    }
  }

  @Test
  void readBatch_lineLongerThanTheLimit_failsNamingTheLine() {
    System.setProperty("geofusion.limit.lineBytes", "100");
    try {
      byte[] data = ("{\"type\":\"ping\",\"prb_id\":1,\"msm_id\":9}\n\n{\"a\":\"" + "x".repeat(200)
          + "\"}\n").getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> viaBatches(data, 8))
          .isInstanceOf(TextLines.LineTooLongException.class)
          .hasMessageStartingWith("t.jsonl:3: line longer than 100 bytes");
    } finally {
      System.clearProperty("geofusion.limit.lineBytes");
    }
  }

  /**
   * A line longer than jsonRecordBytes (but within the line limit) is one record over the limit:
   * skipped and counted with its number, the lines around it read, through read() and batches
   * alike (it was parsed whole before).
   */
  @Test
  void jsonLines_lineLongerThanTheRecordLimit_isSkippedWithItsNumberAndTheRestRead()
      throws IOException {
    String ping = "{\"type\":\"ping\",\"af\":4,\"prb_id\":6002,\"msm_id\":1,"
        + "\"timestamp\":1795600100,\"from\":\"192.0.2.2\",\"dst_addr\":\"198.51.100.7\","
        + "\"sent\":1,\"rcvd\":1,\"result\":[{\"rtt\":12.5}]}";
    String big = ping.replace("\"result\"", "\"pad\":\"" + "x".repeat(50_000) + "\",\"result\"");
    byte[] data = (ping + "\r\n" + big + "\r\n\n" + ping.replace("6002", "6003") + "\n")
        .getBytes(StandardCharsets.UTF_8);
    System.setProperty("geofusion.limit.jsonRecordBytes", "4096");
    try {
      for (Read read : List.of(viaRead(data), viaBatches(data, 1), viaBatches(data, 8))) {
        assertThat(read.measurements()).extracting(Measurement::line).containsExactly(1L, 4L);
        assertThat(read.problems()).singleElement().satisfies(p -> assertThat(p)
            .contains("line 2").contains("skipped")
            .contains("a JSON record longer than 4096 bytes")
            .contains("-Dgeofusion.limit.jsonRecordBytes="));
      }
    } finally {
      System.clearProperty("geofusion.limit.jsonRecordBytes");
    }
  }

  @Test
  void readBatch_zeroRecords_isRefused() throws IOException {
    try (MeasurementReader r = MeasurementReader.open(new ByteArrayInputStream(
        "{\"type\":\"ping\",\"prb_id\":1,\"msm_id\":9}\n".getBytes(StandardCharsets.UTF_8)),
        "t.jsonl", null)) {
      assertThatThrownBy(() -> r.readBatch(0)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("at least 1");
    }
  }

  private static byte[] mutated(String first, List<String> lines, SplittableRandom rnd) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (rnd.nextInt(8) == 0) {
      out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
    String[] ends = {"\n", "\r\n", "\r", "\n\n", "\r\r\n"};
    String[] blanks = {"", " ", "\t", " \u000B\f ", "\u001C\u001F", "\u00A0", "\u2003"};
    int n = 2 + rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      String line = i == 0 ? first : lines.get(rnd.nextInt(lines.size()));
      byte[] bytes;
      switch (i == 0 ? -1 : rnd.nextInt(9)) {
        case 0 -> bytes = blanks[rnd.nextInt(blanks.length)].getBytes(StandardCharsets.UTF_8);
        case 1 -> bytes = ("[" + line + "," + lines.get(rnd.nextInt(lines.size())) + "]")
            .getBytes(StandardCharsets.UTF_8);
        case 2 -> bytes = (line + " " + lines.get(rnd.nextInt(lines.size())))
            .getBytes(StandardCharsets.UTF_8);
        case 3 -> bytes = line.replaceFirst("\"([a-z])", "\"\u00e9\uD83D\uDE00$1")
            .getBytes(StandardCharsets.UTF_8);
        case 4 -> {
          bytes = line.getBytes(StandardCharsets.UTF_8);
          bytes[rnd.nextInt(bytes.length)] = (byte) (0x80 + rnd.nextInt(0x80)); // not UTF-8
        }
        case 5 -> {
          bytes = line.getBytes(StandardCharsets.UTF_8);
          byte[] alphabet = "{}[]\":,0-9.e \u0001x".getBytes(StandardCharsets.US_ASCII);
          bytes[rnd.nextInt(bytes.length)] = alphabet[rnd.nextInt(alphabet.length)];
        }
        case 6 -> bytes = line.substring(0, rnd.nextInt(line.length()))
            .getBytes(StandardCharsets.UTF_8);
        default -> bytes = line.getBytes(StandardCharsets.UTF_8);
      }
      out.writeBytes(bytes);
      if (i < n - 1 || rnd.nextBoolean()) {
        out.writeBytes(ends[rnd.nextInt(ends.length)].getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toByteArray();
  }

  private static Read viaRead(byte[] data) throws IOException {
    List<Measurement> ms = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (MeasurementReader r = MeasurementReader.open(new ByteArrayInputStream(data), "t.jsonl",
        p -> problems.add(p.toString()))) {
      for (Measurement m = r.read(); m != null; m = r.read()) {
        ms.add(m);
      }
    }
    return new Read(ms, problems);
  }

  private static Read viaBatches(byte[] data, int size) throws IOException {
    List<Measurement> ms = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (MeasurementReader r = MeasurementReader.open(new ByteArrayInputStream(data), "t.jsonl",
        p -> problems.add(p.toString()))) {
      for (RecordBatch b = r.readBatch(size); b != null; b = r.readBatch(size)) {
        ms.addAll(b.decode(p -> problems.add(p.toString())));
      }
    }
    return new Read(ms, problems);
  }

  /** The text-based JSON Lines source this replaces, as it read, and skipping non-UTF-8 lines. */
  private static Read oracle(byte[] data) throws IOException {
    List<Measurement> ms = new ArrayList<>();
    List<String> problemTexts = new ArrayList<>();
    Problems problems = new Problems(p -> problemTexts.add(p.toString()));
    BufferedReader in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(data),
        StandardCharsets.UTF_8));
    in.mark(1);
    if (in.read() != 0xFEFF) {
      in.reset();
    }
    long lineNo = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      if (line.indexOf('\uFFFD') >= 0) {
        // A mutation that overwrote one byte of a multi-byte character: the reader skips a line
        // that is not UTF-8 instead of reading it on with U+FFFD (the fixtures hold no U+FFFD).
        problems.skipped(lineNo, "not UTF-8 text (binary data, or text in another encoding?);"
            + " skipped");
        continue;
      }
      JsonNode node;
      try (JsonParser p = JsonTrees.parser(line)) {
        node = JsonTrees.read(p);
        if (node != null && p.nextToken() != null) {
          ArrayNode all = JsonNodeFactory.instance.arrayNode().add(node);
          do {
            all.add(JsonTrees.read(p));
          } while (p.nextToken() != null);
          node = all;
        }
      } catch (JsonProcessingException e) {
        problems.skipped(lineNo, "malformed JSON: " + TextLines.jsonProblem(e) + "; skipped");
        continue;
      }
      if (node == null) {
        continue;
      }
      List<JsonNode> values = new ArrayList<>();
      if (node.isArray()) {
        node.forEach(values::add);
      } else {
        values.add(node);
      }
      for (JsonNode v : values) {
        Measurement m = JsonRecords.decode(v, lineNo, problems);
        if (m != null) {
          ms.add(m);
        }
      }
    }
    return new Read(ms, problemTexts);
  }
}
