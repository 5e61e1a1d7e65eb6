package io.geofusion.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * JSON as syntax: parses JSON that other programs wrote — recorded measurements (RIPE Atlas,
 * scamper, mtr), AS tables, ground truth, a language model's reply, configuration — into Jackson
 * trees, for the readers of every layer. It binds nothing to GeoFusion's types and writes
 * nothing; GeoFusion's own documents are written and bound by {@code io.geofusion.json}, which
 * holds the one configured mapper (docs/decisions/serialisation-layer.md). A tree does not depend
 * on a mapper's configuration (naming, time format, NaN policy), so one plain parser serves all
 * of these readers.
 *
 * <p>Thread-safe. Syntax errors are {@link JsonProcessingException}s; {@link
 * TextLines#jsonProblem} turns one into a message for people.
 */
public final class JsonTrees {

  /**
   * Refuses an object that names a key twice (a syntax error, "Duplicate field 'K'" with its
   * line and column): taken last-wins, {@code {"src": A, "src": B}} was read as B without a word.
   */
  private static final ObjectMapper TREES = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private JsonTrees() {}

  /** The first JSON value of {@code json} (text after it is ignored), or null when blank. */
  public static JsonNode read(String json) throws JsonProcessingException {
    return TREES.readTree(json);
  }

  /** The first JSON value of UTF-8 bytes, or null when they are empty. */
  public static JsonNode read(byte[] json) throws IOException {
    return TREES.readTree(json);
  }

  /** The first JSON value of a stream (not closed), or null when it is empty. */
  public static JsonNode read(InputStream in) throws IOException {
    return TREES.readTree(in);
  }

  /**
   * The value at a parser's current or next token, leaving the parser on its last token; null
   * at the end of input.
   */
  public static JsonNode read(JsonParser parser) throws IOException {
    return TREES.readTree(parser);
  }

  /** A parser over {@code json}, for text that may hold several values. */
  public static JsonParser parser(String json) throws IOException {
    return TREES.createParser(json);
  }

  /** A parser over {@code len} UTF-8 bytes of {@code json} from {@code off}. */
  public static JsonParser parser(byte[] json, int off, int len) throws IOException {
    return TREES.createParser(json, off, len);
  }

  /** A parser over a character stream, for a document too large to read whole. */
  public static JsonParser parser(Reader in) throws IOException {
    return TREES.createParser(in);
  }
}
