package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.geofusion.testing.Seeds;
import io.geofusion.text.JsonTrees;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RIPE Atlas traceroutes decoded straight from the parser ({@link RipeTraceFields#parse}) give
 * what the tree decoder gives for the same line — the same measurement and the same problems, in
 * the same order — and a line the streaming path does not take is left whole to the tree reader.
 * The oracle is the tree path ({@link JsonTrees#read}, {@link JsonRecords#decode(JsonNode, long,
 * Problems)}); the inputs are the fixtures, the shared RIPE Atlas files when present, and seeded
 * mutations of their traceroutes: fields removed, added, reordered, duplicated, given every kind
 * of value (numbers as text, huge and fractional numbers, nulls, booleans, containers), hops and
 * replies that are not objects, MPLS extensions, trailing values and broken syntax.
 */
@ExtendWith(Seeds.class)
class RipeTraceFieldsTest {

  private static final ObjectMapper WRITER = new ObjectMapper();

  /** Raw JSON values, some of which a tree cannot write back as they were typed. */
  private static final String[] VALUES = {"null", "true", "false", "0", "-0", "1", "-1", "3",
      "255", "256", "1.5", "-1.0", "0.0", "1e2", "1E400", "2147483648", "12345678901234567890123",
      "9223372036854775807", "1.00000000000000000001", "\"\"", "\" \"", "\"abc\"", "\" 7 \"",
      "\"1.5\"", "\"-1\"", "\"*\"", "\"192.5.5.241\"", "\" 192.5.5.241 \"", "\"10.0.0.1\"",
      "\"2001:db8::1\"", "\"N\"", "\"H\"", "\"9\"", "\"42\"", "\"traceroute\"", "\"ping\"",
      "\"connect failed: Network is unreachable\"", "[]", "[1,2]", "{}", "{\"a\":[{}]}",
      "{\"obj\":[{\"mpls\":[{\"label\":16005,\"exp\":0,\"s\":1,\"ttl\":1}]}]}",
      "{\"obj\":[{\"mpls\":[{\"label\":-5}]},{\"mpls\":{}},{}]}", "\"caf\\u00e9\""};

  private static final String[] TOP = {"type", "prb_id", "msm_id", "fw", "from", "src_addr",
      "dst_addr", "addr", "dst_name", "name", "timestamp", "proto", "size", "result",
      "destination_ip_responded", "report", "hops", "other"};
  private static final String[] HOP = {"hop", "error", "result", "other"};
  private static final String[] REPLY = {"x", "error", "from", "rtt", "icmpext", "err", "late",
      "dup", "ttl", "size", "other"};

  /** Measurements and problems, in the order they came. */
  private record Decoded(Measurement measurement, List<String> problems) {}

  @Test
  void parse_fixtureAndSharedTraceroutes_decodeAsTheTreeDecodes() throws IOException {
    List<String> traces = traceroutes();
    int streamed = 0;
    for (String line : allLines()) {
      Decoded fast = streamed(line);
      if (fast != null) {
        streamed++;
        assertThat(fast).as(line).isEqualTo(tree(line));
      }
    }
    // every traceroute line of the inputs takes the streaming path: the check above is not empty
    assertThat(streamed).isGreaterThanOrEqualTo(traces.size());
    for (String line : traces) {
      assertThat(streamed(line)).as(line).isNotNull();
    }
  }

  @Test
  void parse_seededMutations_decodeAsTheTreeDecodesOrAreLeftToIt() throws IOException {
    SplittableRandom rnd = new SplittableRandom(Seeds.seed());
    List<String> traces = traceroutes();
    int streamed = 0;
    int rounds = 3000;
    for (int round = 0; round < rounds; round++) {
      String line = mutated(traces.get(rnd.nextInt(traces.size())), rnd);
      Decoded fast = streamed(line);
      if (fast == null) {
        continue; // left to the tree reader, which reads it as before
      }
      streamed++;
      // what the line gives through the tree: one object, decoded by the tree decoder
      assertThat(fast).as("round %d: %s", round, line).isEqualTo(tree(line));
    }
    assertThat(streamed).as("mutations that took the streaming path").isGreaterThan(rounds / 3);
  }

  @Test
  void parse_linesTheTreeReaderMustRead_areLeftToIt() {
    String t = "{\"type\":\"traceroute\",\"prb_id\":1,\"dst_addr\":\"192.5.5.241\",\"result\":[]}";
    assertThat(RipeTraceFields.parse(ascii(t), 0, t.length())).isNotNull();
    for (String line : List.of(
        t + " " + t, // two values on a line
        t + " x", // malformed after the object
        "[" + t + "]", // an array of records
        t.replace("\"prb_id\":1", "\"prb_id\":1,\"prb_id\":2"), // a key twice: a syntax error
        t.replace("\"result\":[]", "\"result\":[],\"report\":{\"mtr\":{}}"), // an mtr report
        t.replace("traceroute", "ping"), // a ping
        t.replace("\"prb_id\":1,", ""), // no RIPE Atlas field: not classified as RIPE Atlas
        t.replace("]}", "]"), // truncated
        "", "   ", "null", "42")) {
      assertThat(RipeTraceFields.parse(ascii(line), 0, line.length())).as(line).isNull();
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The streaming path's result, or null when it leaves the line to the tree reader. */
  private static Decoded streamed(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    RipeTraceFields f = RipeTraceFields.parse(b, 0, b.length);
    if (f == null) {
      return null;
    }
    List<String> problems = new ArrayList<>();
    Measurement m = JsonRecords.decode(f, 7, new Problems(p -> problems.add(p.toString())));
    return new Decoded(m, problems);
  }

  /** The tree path: the line must be exactly one JSON value, decoded from its tree. */
  private static Decoded tree(String line) throws IOException {
    JsonNode node;
    try (JsonParser p = JsonTrees.parser(line)) {
      node = JsonTrees.read(p);
      assertThat(p.nextToken()).as("a value after the first: %s", line).isNull();
    }
    List<String> problems = new ArrayList<>();
    Measurement m = JsonRecords.decode(node, 7, new Problems(p -> problems.add(p.toString())));
    return new Decoded(m, problems);
  }

  private static String mutated(String line, SplittableRandom rnd) throws IOException {
    ObjectNode root = (ObjectNode) JsonTrees.read(line);
    List<String> raw = new ArrayList<>();
    int edits = 1 + rnd.nextInt(4);
    for (int e = 0; e < edits; e++) {
      ObjectNode target = pick(root, rnd);
      String[] names = target == root ? TOP : target.has("hop") ? HOP : REPLY;
      String name = names[rnd.nextInt(names.length)];
      switch (rnd.nextInt(6)) {
        case 0 -> target.remove(name);
        case 1, 2 -> target.set(name, rawValue(raw, rnd));
        case 3 -> { // reorder: move a field to the end
          Iterator<String> it = target.fieldNames();
          if (it.hasNext()) {
            String first = it.next();
            target.set(first, target.remove(first));
          }
        }
        case 4 -> { // a hop or a reply that is not an object
          ArrayNode array = arrayIn(root, rnd);
          if (array != null && !array.isEmpty()) {
            array.set(rnd.nextInt(array.size()), rawValue(raw, rnd));
          }
        }
        default -> { // an error hop, a late or duplicate reply, an MPLS stack, a verdict
          String[][] choices = {{"error", "\"connect failed: Network is unreachable\""},
              {"late", "1"}, {"dup", "true"}, {"dup", "0"}, {"x", "\"*\""}, {"err", "\"N\""},
              {"icmpext", VALUES[VALUES.length - 3]}, {"destination_ip_responded", "false"}};
          String[] c = choices[rnd.nextInt(choices.length)];
          raw.add(c[1]);
          target.set(c[0], TextNode.valueOf("@@RAW" + (raw.size() - 1) + "@@"));
        }
      }
    }
    String text = WRITER.writeValueAsString(root);
    for (int i = raw.size() - 1; i >= 0; i--) {
      text = text.replace("\"@@RAW" + i + "@@\"", raw.get(i));
    }
    switch (rnd.nextInt(12)) {
      case 0 -> text = text.replaceFirst("\\{", "{\"from\":\"10.1.1.1\","); // maybe a key twice
      case 1 -> text = text + " {}";
      case 2 -> text = text.substring(0, rnd.nextInt(text.length()));
      case 3 -> text = " \t" + text.replace(",", " , ") + " ";
      default -> { }
    }
    return text;
  }

  /** The root, a hop or a reply, chosen at random. */
  private static ObjectNode pick(ObjectNode root, SplittableRandom rnd) {
    JsonNode hops = root.get("result");
    if (rnd.nextInt(3) == 0 || hops == null || !hops.isArray() || hops.isEmpty()) {
      return root;
    }
    JsonNode hop = hops.get(rnd.nextInt(hops.size()));
    if (!hop.isObject()) {
      return root;
    }
    JsonNode replies = hop.get("result");
    if (rnd.nextBoolean() || replies == null || !replies.isArray() || replies.isEmpty()) {
      return (ObjectNode) hop;
    }
    JsonNode reply = replies.get(rnd.nextInt(replies.size()));
    return reply.isObject() ? (ObjectNode) reply : (ObjectNode) hop;
  }

  /** The root's result array or a hop's, or null. */
  private static ArrayNode arrayIn(ObjectNode root, SplittableRandom rnd) {
    JsonNode hops = root.get("result");
    if (hops == null || !hops.isArray()) {
      return null;
    }
    if (rnd.nextBoolean() || hops.isEmpty() || !hops.get(0).isObject()) {
      return (ArrayNode) hops;
    }
    JsonNode replies = hops.get(rnd.nextInt(hops.size())).get("result");
    return replies != null && replies.isArray() ? (ArrayNode) replies : (ArrayNode) hops;
  }

  /** A placeholder for a raw value, replaced after the tree is written. */
  private static JsonNode rawValue(List<String> raw, SplittableRandom rnd) {
    raw.add(VALUES[rnd.nextInt(VALUES.length)]);
    return JsonNodeFactory.instance.textNode("@@RAW" + (raw.size() - 1) + "@@");
  }

  /** Every line that is a RIPE Atlas traceroute object of the inputs. */
  private static List<String> traceroutes() throws IOException {
    List<String> out = new ArrayList<>();
    for (String l : allLines()) {
      if (l.startsWith("{") && l.contains("\"traceroute\"")) {
        try {
          JsonNode n = JsonTrees.read(l);
          if (n.isObject() && "traceroute".equals(n.path("type").asText())) {
            out.add(l);
          }
        } catch (IOException e) {
          // a fixture's deliberately broken line
        }
      }
    }
    assertThat(out).hasSizeGreaterThan(5);
    return out;
  }

  /** The fixtures' lines, and the shared RIPE Atlas files' lines (the first 500) when present. */
  private static List<String> allLines() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String f : List.of("ripe-mixed.jsonl", "ripe-trace-verdicts.jsonl",
        "scamper-trace-verdicts.jsonl", "scamper-ping.jsonl")) {
      lines.addAll(Files.readAllLines(Fixtures.path(f)));
    }
    Path root = Path.of(System.getProperty("geofusion.shared.data", "../shared/data"));
    for (String f : List.of("ripe-atlas-sagan/test_traceroute.results.jsonl",
        "ripe-atlas-tools/tests.ping_traceroute.results.jsonl",
        "ripe-atlas-msm5004-traceroutes/2015-10-20_00-00-00_msmId5004.json.gz")) {
      Path p = root.resolve(f);
      if (!Files.exists(p)) {
        System.out.println("RipeTraceFieldsTest: " + p + " is absent; fixtures only");
        continue;
      }
      var in = Files.newInputStream(p);
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          f.endsWith(".gz") ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8))) {
        r.lines().limit(500).forEach(lines::add);
      }
    }
    return lines;
  }
}
