package io.geofusion.formats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.text.JsonTrees;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.Reader;

/**
 * JSON that is not one-value-per-line: a top-level array of results (streamed element by element,
 * never materialised whole) or pretty-printed objects one after another (an mtr report).
 *
 * <p>A syntax error cannot be resynchronised inside such a document, so it ends reading: it is
 * reported as a problem at the line the parser reached, after every record before it was returned.
 */
final class JsonStreamSource implements RecordSource {

  private final JsonParser parser;
  private final Problems problems;
  private boolean done;

  JsonStreamSource(Reader in, Problems problems) throws IOException {
    this.parser = JsonTrees.parser(in);
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
        JsonNode node = JsonTrees.read(parser);
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
}
