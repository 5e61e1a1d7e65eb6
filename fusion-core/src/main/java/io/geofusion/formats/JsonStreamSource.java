package io.geofusion.formats;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.text.JsonTrees;
import io.geofusion.text.Limits;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.Reader;

/**
 * JSON that is not one-value-per-line: a top-level array of results (streamed element by element,
 * never materialised whole) or pretty-printed objects one after another (an mtr report).
 *
 * <p>A syntax error cannot be resynchronised inside such a document, so it ends reading: it is
 * reported as a problem at the line the parser reached, after every record before it was returned.
 *
 * <p>One record is at most {@link Limits#JSON_RECORD_BYTES} characters: the tree is built token by
 * token through a parser that checks the record's length at every token, so a longer record is
 * abandoned once the limit is passed (its partial tree dropped), the parser streams past the rest
 * of it without building anything ({@link JsonParser#skipChildren()}), and it is skipped and
 * counted with its first line.
 */
final class JsonStreamSource implements RecordSource {

  private final RecordBounded parser;
  private final Problems problems;
  private boolean done;

  JsonStreamSource(Reader in, Problems problems) throws IOException {
    this.parser = new RecordBounded(JsonTrees.parser(in), Limits.JSON_RECORD_BYTES.value());
    this.problems = problems;
  }

  @Override
  public Measurement next() throws IOException {
    while (!done) {
      long line = 1;
      try {
        JsonToken t = parser.nextToken();
        if (t == null) {
          done = true;
          return null;
        }
        if (t == JsonToken.START_ARRAY || t == JsonToken.END_ARRAY) {
          continue; // top-level array brackets: its elements are the records
        }
        line = parser.currentTokenLocation().getLineNr();
        JsonNode node = readBounded(line);
        if (node == null) {
          continue;
        }
        Measurement m = JsonRecords.decode(node, line, problems);
        if (m != null) {
          return m;
        }
      } catch (JsonProcessingException e) {
        done = true;
        long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
        problems.skipped(Math.max(1, at), "malformed JSON: " + TextLines.jsonProblem(e)
            + "; the rest of this JSON document cannot be read");
      }
    }
    return null;
  }

  /**
   * The record starting at the current token, or null when it is longer than the limit: then it
   * was skipped up to its end and counted.
   */
  private JsonNode readBounded(long line) throws IOException {
    JsonStreamContext outside = parser.getParsingContext().getParent();
    parser.startRecord();
    try {
      return JsonTrees.read(parser);
    } catch (RecordTooLong tooLong) {
      parser.endRecord();
      JsonToken at = parser.currentToken();
      if (at != null && at.isStructStart()) {
        parser.skipChildren();
      }
      while (parser.getParsingContext() != outside) {
        JsonToken t = parser.nextToken();
        if (t == null) {
          throw new IOException("the JSON document ends inside a record");
        }
        if (t.isStructStart()) {
          parser.skipChildren();
        }
      }
      problems.skipped(line, tooLong("characters"));
      return null;
    } finally {
      parser.endRecord();
    }
  }

  /**
   * What is reported for a record longer than {@link Limits#JSON_RECORD_BYTES}, measured in
   * {@code unit}: the same words for a RIPE array element and a JSON Lines line.
   */
  static String tooLong(String unit) {
    return "a JSON record longer than " + Limits.JSON_RECORD_BYTES.value() + " " + unit
        + ", above the " + Limits.JSON_RECORD_BYTES.describe() + "; skipped";
  }

  /** Thrown by {@link RecordBounded} once the record being built passes the limit. */
  private static final class RecordTooLong extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RecordTooLong() {
      super(null, null, false, false);
    }
  }

  /**
   * A parser that, while a record is being built, throws {@link RecordTooLong} at the first token
   * that ends more than {@code max} characters after the record's first token.
   */
  private static final class RecordBounded extends JsonParserDelegate {
    private final long max;
    private long start = -1;

    RecordBounded(JsonParser d, long max) {
      super(d);
      this.max = max;
    }

    void startRecord() {
      start = offset(delegate.currentTokenLocation());
    }

    void endRecord() {
      start = -1;
    }

    private static long offset(JsonLocation loc) {
      long c = loc.getCharOffset();
      return c >= 0 ? c : loc.getByteOffset();
    }

    private JsonToken check(JsonToken t) {
      if (start >= 0 && offset(delegate.currentLocation()) - start > max) {
        throw new RecordTooLong();
      }
      return t;
    }

    @Override
    public JsonToken nextToken() throws IOException {
      return check(delegate.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
      return check(delegate.nextValue());
    }
  }
}
