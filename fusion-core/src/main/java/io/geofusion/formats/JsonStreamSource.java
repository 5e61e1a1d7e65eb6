package io.geofusion.formats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
 * <p>One record is at most {@link Limits#JSON_RECORD_BYTES} characters and lists at most {@link
 * Limits#PROBES} replies: the tree is built token by token through a {@link RecordParser} that
 * checks both at every token, so a record over either is abandoned once the limit is passed (its
 * partial tree dropped), the parser streams past the rest of it without building anything ({@link
 * JsonParser#skipChildren()}), and it is skipped and counted with its first line.
 */
final class JsonStreamSource implements RecordSource {

  private final RecordParser parser;
  private final Problems problems;
  private boolean done;

  JsonStreamSource(Reader in, Problems problems) throws IOException {
    this.parser = new RecordParser(JsonTrees.parser(in));
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
   * The record starting at the current token, or null when it is over a limit: then it was
   * skipped up to its end and counted.
   */
  private JsonNode readBounded(long line) throws IOException {
    try {
      return parser.read();
    } catch (RecordParser.OverLimit over) {
      parser.skipRest();
      problems.skipped(line, over.getMessage());
      return null;
    }
  }
}
