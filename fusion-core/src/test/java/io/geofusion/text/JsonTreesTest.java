package io.geofusion.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonTrees} builds its trees without an {@code ObjectMapper}; this compares it with what
 * it replaced, {@code ObjectMapper.readTree} of a mapper with strict duplicate detection, as an
 * oracle: the same node classes, values (doubles bit for bit), key order, missing node for empty
 * input, null at the end of a parser, and the same exception class and message for bad input.
 * Inputs: every JSON fixture of the repository (whole, and line by line), and 300 seeded
 * mutations of each of a sample of them (truncations, deleted, inserted and replaced bytes,
 * numbers of every size, deep nesting, duplicated keys, non-ASCII and malformed UTF-8).
 */
class JsonTreesTest {

  private static final ObjectMapper ORACLE = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final String[] PIECES = {"{", "}", "[", "]", "\"", ",", ":", "0", "-", ".",
      "e", "E", "+", "1", "9", " ", "\n", "\t", "\\", "\\u00e9", "é", "\u2028", "null", "true",
      "false", "NaN", "1e400", "-0.0", "123456789012", "12345678901234567890123",
      "0.1000000000000000055511151231257827", "1E-400", "{\"a\":1,\"a\":2}", "[[[[[", "]]]]]",
      "\"k\":", "\u00ff", "//", "/*", "'"};

  @Test
  void everyFixture_wholeAndLineByLine_sameTreesAndErrors() throws IOException {
    List<Path> files = fixtures();
    assertThat(files).hasSizeGreaterThan(20);
    int checked = 0;
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      checked += compareAll(f.toString(), b);
      for (String line : new String(b, StandardCharsets.UTF_8).split("\n", -1)) {
        checked += compareAll(f + " line", line.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  void mutatedInput_sameTreesAndErrors() throws IOException {
    Random random = new Random(17);
    List<Path> files = fixtures();
    List<byte[]> seeds = new ArrayList<>();
    for (int i = 0; i < files.size(); i += Math.max(1, files.size() / 12)) {
      byte[] b = Files.readAllBytes(files.get(i));
      seeds.add(b.length > 4000 ? java.util.Arrays.copyOf(b, 4000) : b);
    }
    seeds.add("{\"n\": [1, -1, 2147483647, 2147483648, -9223372036854775809, 1.5, -0.0, 1e308]}"
        .getBytes(StandardCharsets.UTF_8));
    seeds.add(("[".repeat(999) + "]".repeat(999)).getBytes(StandardCharsets.UTF_8));
    seeds.add(("[".repeat(1001) + "]".repeat(1001)).getBytes(StandardCharsets.UTF_8));
    seeds.add("{\"a\":{\"b\":[{},[],\"\",{\"c\":null}]},\"d\":true}".getBytes(StandardCharsets.UTF_8));
    seeds.add(new byte[0]);
    seeds.add(" \n\t ".getBytes(StandardCharsets.UTF_8));
    seeds.add("1 2 [3] {\"a\":4} null \"x\"".getBytes(StandardCharsets.UTF_8));
    int checked = 0;
    for (byte[] seed : seeds) {
      for (int i = 0; i < 300; i++) {
        byte[] m = mutate(seed, random);
        checked += compareAll("mutation " + i + " of " + new String(seed, 0,
            Math.min(40, seed.length), StandardCharsets.UTF_8), m);
      }
    }
    assertThat(checked).isGreaterThan(3000);
  }

  @Test
  void emptyInput_isAMissingNode_andAnEndedParserGivesNull() throws IOException {
    assertThat(JsonTrees.read("").isMissingNode()).isTrue();
    assertThat(JsonTrees.read(new byte[0]).isMissingNode()).isTrue();
    try (JsonParser p = JsonTrees.parser("")) {
      assertThat(JsonTrees.read(p)).isNull();
    }
  }

  @Test
  void nullInput_isRefusedAsTheMapperRefusedIt() {
    same("null string", () -> ORACLE.readTree((String) null), () -> JsonTrees.read((String) null));
    same("null bytes", () -> ORACLE.readTree((byte[]) null), () -> JsonTrees.read((byte[]) null));
    same("null stream", () -> ORACLE.readTree((java.io.InputStream) null),
        () -> JsonTrees.read((java.io.InputStream) null));
    same("null parser", () -> ORACLE.readTree((JsonParser) null),
        () -> JsonTrees.read((JsonParser) null));
    same("parser of a null string", () -> ORACLE.createParser((String) null),
        () -> JsonTrees.parser((String) null));
    same("parser of null bytes", () -> ORACLE.createParser((byte[]) null, 0, 0),
        () -> JsonTrees.parser((byte[]) null, 0, 0));
    same("parser of a null reader", () -> ORACLE.createParser((java.io.Reader) null),
        () -> JsonTrees.parser((java.io.Reader) null));
  }

  /** Compares every entry point on {@code b}; returns the number of comparisons. */
  private static int compareAll(String what, byte[] b) throws IOException {
    String s = new String(b, StandardCharsets.UTF_8);
    same(what + " (string)", () -> ORACLE.readTree(s), () -> JsonTrees.read(s));
    same(what + " (bytes)", () -> ORACLE.readTree(b), () -> JsonTrees.read(b));
    same(what + " (stream)", () -> ORACLE.readTree(new ByteArrayInputStream(b)),
        () -> JsonTrees.read(new ByteArrayInputStream(b)));
    same(what + " (values of a byte parser)",
        () -> values(ORACLE.createParser(b, 0, b.length), true),
        () -> values(JsonTrees.parser(b, 0, b.length), false));
    same(what + " (values of a text parser)",
        () -> values(ORACLE.createParser(new java.io.StringReader(s)), true),
        () -> values(JsonTrees.parser(new java.io.StringReader(s)), false));
    return 5;
  }

  /** Every value of a parser as one description, as JsonLinesSource and JsonStreamSource read. */
  private static String values(JsonParser p, boolean oracle) throws IOException {
    StringBuilder all = new StringBuilder();
    try (p) {
      for (int i = 0; i < 50; i++) {
        JsonNode n = oracle ? ORACLE.readTree(p) : JsonTrees.read(p);
        all.append(describe(n)).append(" @").append(p.currentToken()).append(';');
        if (n == null) {
          break;
        }
      }
    }
    return all.toString();
  }

  private interface Read {
    Object get() throws IOException;
  }

  private static void same(String what, Read oracle, Read ours) {
    String expected = outcome(oracle);
    String actual = outcome(ours);
    assertThat(actual).as(what).isEqualTo(expected);
  }

  private static String outcome(Read r) {
    try {
      Object o = r.get();
      return o instanceof String str ? str
          : o instanceof JsonParser ? "a parser" : describe((JsonNode) o);
    } catch (IOException | RuntimeException e) {
      return "threw " + e.getClass().getName() + ": " + e.getMessage();
    } catch (StackOverflowError e) {
      return "stack overflow";
    }
  }

  /** The node's classes, values and key order, all of them. */
  static String describe(JsonNode n) {
    if (n == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(n.getClass().getSimpleName());
    if (n.isObject()) {
      b.append('{');
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        b.append(e.getKey()).append('=').append(describe(e.getValue())).append(',');
      }
      b.append('}');
    } else if (n.isArray()) {
      b.append('[');
      for (JsonNode c : n) {
        b.append(describe(c)).append(',');
      }
      b.append(']');
    } else if (n.isDouble() || n.isFloat()) {
      b.append('(').append(Double.doubleToRawLongBits(n.doubleValue())).append(')');
    } else if (n.isNumber()) {
      b.append('(').append(n.numberValue()).append(')');
    } else if (n.isTextual()) {
      b.append('(').append(n.textValue()).append(')');
    } else {
      b.append('(').append(n.asText()).append(')');
    }
    return b.toString();
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] b = seed;
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      int at = b.length == 0 ? 0 : random.nextInt(b.length + 1);
      byte[] piece = switch (random.nextInt(5)) {
        case 0 -> new byte[] {(byte) random.nextInt(256)};
        default -> PIECES[random.nextInt(PIECES.length)].getBytes(StandardCharsets.UTF_8);
      };
      switch (random.nextInt(4)) {
        case 0 -> b = java.util.Arrays.copyOf(b, at); // truncate
        case 1 -> { // delete a byte
          if (at < b.length) {
            byte[] c = new byte[b.length - 1];
            System.arraycopy(b, 0, c, 0, at);
            System.arraycopy(b, at + 1, c, at, b.length - at - 1);
            b = c;
          }
        }
        default -> { // insert
          byte[] c = new byte[b.length + piece.length];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(piece, 0, c, at, piece.length);
          System.arraycopy(b, at, c, at + piece.length, b.length - at);
          b = c;
        }
      }
    }
    return b;
  }

  /** JSON fixtures of the repository (test and main resources of every module, examples). */
  private static List<Path> fixtures() {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> found = new ArrayList<>();
    for (String dir : List.of("fusion-core/src", "fusion-probe/src/test", "fusion-eval/src/test",
        "examples", "docs/schemas")) {
      Path d = root.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(d)) {
        s.filter(Files::isRegularFile).filter(p -> {
          String n = p.getFileName().toString();
          return n.endsWith(".json") || n.endsWith(".ndjson") || n.endsWith(".jsonl");
        }).sorted().forEach(found::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }
}
