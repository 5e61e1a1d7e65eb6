package io.geofusion.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayDeque;

/**
 * JSON as syntax: parses JSON that other programs wrote — recorded measurements (RIPE Atlas,
 * scamper, mtr), AS tables, ground truth, a language model's reply, configuration — into Jackson
 * trees, for the readers of every layer. It binds nothing to GeoFusion's types and writes
 * nothing; GeoFusion's own documents are written and bound by {@code io.geofusion.json}, which
 * holds the one configured mapper (docs/decisions/serialisation-layer.md). A tree does not depend
 * on a mapper's configuration (naming, time format, NaN policy), so one plain parser serves all
 * of these readers.
 *
 * <p>The trees are built here from the parser's tokens, as {@code ObjectMapper.readTree} of a
 * default mapper builds them (the same node classes, numbers, key order, empty input and
 * parser calls), without an {@code ObjectMapper}: creating one initialises its date format and
 * with it the JDK's locale data, the largest single cost of a one-record command
 * (docs/decisions/cli-startup.md §7). {@code JsonTreesTest} compares both on every fixture and
 * on mutated input.
 *
 * <p>Thread-safe. Syntax errors are {@link JsonProcessingException}s; {@link
 * TextLines#jsonProblem} turns one into a message for people.
 */
public final class JsonTrees {

  /**
   * Refuses an object that names a key twice (a syntax error, "Duplicate field 'K'" with its
   * line and column): taken last-wins, {@code {"src": A, "src": B}} was read as B without a word.
   */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  /**
   * The first JSON value of {@code json} (text after it is ignored), or a missing node when it is
   * blank.
   */
  public static JsonNode read(String json) throws JsonProcessingException {
    notNull(json, "content");
    try {
      return readAndClose(FACTORY.createParser(json));
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) { // a string is never short of input
      throw JsonMappingException.fromUnexpectedIOE(e);
    }
  }

  /** The first JSON value of UTF-8 bytes, or a missing node when they are empty. */
  public static JsonNode read(byte[] json) throws IOException {
    notNull(json, "content");
    return readAndClose(FACTORY.createParser(json));
  }

  /**
   * The first JSON value of a stream, or a missing node when it is empty; the stream is closed.
   */
  public static JsonNode read(InputStream in) throws IOException {
    notNull(in, "in");
    return readAndClose(FACTORY.createParser(in));
  }

  /**
   * The value at a parser's current or next token, consuming it (the parser's current token is
   * cleared, so the next call reads the next value); null at the end of input.
   */
  public static JsonNode read(JsonParser parser) throws IOException {
    notNull(parser, "p");
    JsonToken t = parser.currentToken();
    if (t == null) {
      t = parser.nextToken();
      if (t == null) {
        return null;
      }
    }
    JsonNode node = t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT
        || t == JsonToken.NOT_AVAILABLE ? NODES.nullNode() : value(parser, t);
    parser.clearCurrentToken();
    return node;
  }

  /** A parser over {@code json}, for text that may hold several values. */
  public static JsonParser parser(String json) throws IOException {
    notNull(json, "content");
    return FACTORY.createParser(json);
  }

  /** A parser over {@code len} UTF-8 bytes of {@code json} from {@code off}. */
  public static JsonParser parser(byte[] json, int off, int len) throws IOException {
    notNull(json, "content");
    return FACTORY.createParser(json, off, len);
  }

  /** A parser over a character stream, for a document too large to read whole. */
  public static JsonParser parser(Reader in) throws IOException {
    notNull(in, "r");
    return FACTORY.createParser(in);
  }

  /** As the mapper refused null input. */
  private static void notNull(Object arg, String name) {
    if (arg == null) {
      throw new IllegalArgumentException("argument \"" + name + "\" is null");
    }
  }

  private static JsonNode readAndClose(JsonParser parser) throws IOException {
    try (JsonParser p = parser) {
      JsonToken t = p.nextToken();
      return t == null ? NODES.missingNode() : value(p, t);
    }
  }

  /** The value that starts at token {@code t}, the parser's current one. */
  private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
    switch (t == null ? JsonToken.NOT_AVAILABLE : t) {
      case START_OBJECT:
        return containers(p, NODES.objectNode());
      case START_ARRAY:
        return containers(p, NODES.arrayNode());
      case FIELD_NAME: // an object whose first key the parser has already read
        ObjectNode object = NODES.objectNode();
        for (String key = p.currentName(); key != null; key = p.nextFieldName()) {
          object.replace(key, value(p, p.nextToken()));
        }
        return object;
      case END_OBJECT:
        return NODES.objectNode();
      default:
        return scalar(p, t);
    }
  }

  /**
   * Fills {@code root} (and the containers inside it) up to its end token, iteratively, as
   * Jackson's tree deserialiser does: {@code nextFieldName} for keys, {@code nextToken} for
   * values (duplicate keys are refused by the parser).
   */
  private static ContainerNode<?> containers(JsonParser p, ContainerNode<?> root)
      throws IOException {
    ArrayDeque<ContainerNode<?>> open = new ArrayDeque<>();
    ContainerNode<?> curr = root;
    outer:
    do {
      if (curr instanceof ObjectNode object) {
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
          JsonToken t = p.nextToken();
          if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            ContainerNode<?> inner = t == JsonToken.START_OBJECT ? NODES.objectNode()
                : NODES.arrayNode();
            object.replace(key, inner);
            open.push(curr);
            curr = inner;
            continue outer;
          }
          object.replace(key, scalar(p, t));
        }
      } else {
        ArrayNode array = (ArrayNode) curr;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            ContainerNode<?> inner = t == JsonToken.START_OBJECT ? NODES.objectNode()
                : NODES.arrayNode();
            array.add(inner);
            open.push(curr);
            curr = inner;
            continue outer;
          }
          array.add(scalar(p, t));
        }
      }
      curr = open.poll();
    } while (curr != null);
    return root;
  }

  /** A scalar at token {@code t}, with the node class Jackson's tree deserialiser picks. */
  private static JsonNode scalar(JsonParser p, JsonToken t) throws IOException {
    switch (t == null ? JsonToken.NOT_AVAILABLE : t) {
      case VALUE_STRING:
        return NODES.textNode(p.getText());
      case VALUE_NUMBER_INT:
        switch (p.getNumberType()) {
          case INT:
            return NODES.numberNode(p.getIntValue());
          case LONG:
            return NODES.numberNode(p.getLongValue());
          default:
            return NODES.numberNode(p.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        // JSON text has no float width of its own (getNumberTypeFP() is UNKNOWN): a double.
        return NODES.numberNode(p.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        // what the deserialiser does with a token that cannot start a value
        throw JsonMappingException.from(p, "Unexpected token (" + t + ") while reading a tree");
    }
  }
}
