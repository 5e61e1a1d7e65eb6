package io.geofusion.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Writes and reads the product's JSON shapes: {@code snake_case} names, units in names, ISO-8601
 * UTC timestamps ({@code "2015-10-20T00:00:09Z"}), unknown values as {@code null} (never a
 * non-standard {@code NaN}), every field present. Reading ignores unknown fields, so documents
 * written by a newer version with richer fields still read.
 *
 * <p>All methods are thread-safe: they use immutable {@link ObjectWriter}/{@link ObjectReader}
 * instances built once.
 */
public final class ProductJson {

  private static final ObjectMapper MAPPER = newMapper();
  private static final ObjectWriter COMPACT = MAPPER.writer();
  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private ProductJson() {}

  /**
   * A new mapper configured like the one used here. Prefer {@link #toTree} and {@link #toJson}:
   * they keep one configuration for every document; this remains for callers that still hold a
   * mapper of their own.
   */
  public static ObjectMapper newMapper() {
    SimpleModule instants = new SimpleModule("geofusion-instant");
    instants.addSerializer(Instant.class, new JsonSerializer<Instant>() {
      @Override
      public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
          throws IOException {
        gen.writeString(value.toString());
      }
    });
    instants.addDeserializer(Instant.class, new JsonDeserializer<Instant>() {
      @Override
      public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        try {
          return Instant.parse(text);
        } catch (DateTimeParseException e) {
          return (Instant) ctxt.handleWeirdStringValue(Instant.class, text,
              "expected an ISO-8601 UTC instant such as 2015-10-20T00:00:09Z");
        }
      }
    });
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        // {"seq": 1, "seq": 2} is refused, not read last-wins (issue 19); writing is unchanged
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
        .addModule(instants)
        .build();
  }

  /**
   * The configured mapper itself, for this package's readers and writers; never handed out,
   * since a caller could reconfigure it for everyone.
   */
  static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Something that writes one JSON value with a generator. */
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** The JSON text {@code body} writes, on one line. */
  static String text(Body body) {
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(w)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return w.toString();
  }

  /** The tree of what {@code body} writes. */
  static ObjectNode tree(Body body) {
    try (TokenBuffer b = new TokenBuffer(MAPPER, false)) {
      body.write(b);
      return MAPPER.readTree(b.asParser());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a token buffer does not fail
    }
  }

  /**
   * The JSON tree of a product value (a document record), for callers that add fields before
   * writing it with {@link #toJson} or {@link #toPrettyJson}.
   *
   * @throws IllegalArgumentException if the value is not an object
   */
  public static ObjectNode toTree(Object value) {
    JsonNode n = MAPPER.valueToTree(value);
    if (!(n instanceof ObjectNode o)) {
      throw new IllegalArgumentException("not a JSON object: " + value.getClass().getSimpleName());
    }
    return o;
  }

  /** One-line JSON of a product value. */
  public static String toJson(Object value) {
    try {
      return COMPACT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName()
          + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Indented JSON of a product value (for {@code --json} output meant for people). */
  public static String toPrettyJson(Object value) {
    try {
      return PRETTY.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName()
          + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes one value as one line of NDJSON (the value, then {@code '\n'}). */
  public static void writeLine(Writer out, Object value) {
    try {
      out.write(toJson(value));
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write NDJSON line: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a product value back.
   *
   * @throws IllegalArgumentException naming the type and the problem when the JSON is malformed
   *     or violates the type's invariants
   */
  public static <T> T fromJson(String json, Class<T> type) {
    try {
      return MAPPER.readerFor(type).readValue(json);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      String msg = cause == e ? e.getOriginalMessage() : cause.getMessage();
      throw new IllegalArgumentException("not a valid " + type.getSimpleName() + " JSON: " + msg,
          e);
    }
  }

  /** Reads one {@code RECON_LATENCY_ANALYSIS} event line. */
  public static LatencyAnalysisEvent readEvent(String line) {
    return fromJson(line, LatencyAnalysisEvent.class);
  }
}
