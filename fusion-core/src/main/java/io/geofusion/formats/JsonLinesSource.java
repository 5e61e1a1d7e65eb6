package io.geofusion.formats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.geofusion.text.JsonTrees;
import io.geofusion.text.TextLines;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * JSON Lines: one JSON value per line. A malformed line is reported and skipped; reading
 * continues with the next line. A line holding a JSON array, or several JSON values one after
 * another, contributes each of them.
 */
final class JsonLinesSource implements RecordSource {

  private final BufferedReader in;
  private final Problems problems;
  private final ArrayDeque<JsonNode> pending = new ArrayDeque<>();
  private long lineNo;
  private long pendingLine;

  JsonLinesSource(BufferedReader in, Problems problems) {
    this.in = in;
    this.problems = problems;
  }

  @Override
  public Measurement next() throws IOException {
    while (true) {
      while (!pending.isEmpty()) {
        Measurement m = JsonRecords.decode(pending.poll(), pendingLine, problems);
        if (m != null) {
          return m;
        }
      }
      String line = in.readLine();
      if (line == null) {
        return null;
      }
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try (JsonParser p = JsonTrees.parser(line)) {
        node = JsonTrees.read(p);
        if (node != null && p.nextToken() != null) {
          // Several values on one line (concatenated JSON): each is a record, none is lost.
          ArrayNode all = JsonNodeFactory.instance.arrayNode().add(node);
          do {
            JsonNode next = JsonTrees.read(p);
            all.add(next);
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
      if (node.isArray()) {
        node.forEach(pending::add);
        pendingLine = lineNo;
        continue;
      }
      Measurement m = JsonRecords.decode(node, lineNo, problems);
      if (m != null) {
        return m;
      }
    }
  }
}
