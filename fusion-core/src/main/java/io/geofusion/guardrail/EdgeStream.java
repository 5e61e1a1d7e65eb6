package io.geofusion.guardrail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.json.ProductJson;
import io.geofusion.text.Limits;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a stream of inferred edges (one JSON object per line) through a {@link Guardrail}.
 * Consecutive lines with the same {@code context_node_id} and {@code rule_id} form one rule
 * firing, so the exhaustion ledger sees them as one batch. Accepted edges are written one JSON
 * object per line; dropped edges and malformed lines go to the rejects writer with their line
 * number, stage and reason. Not thread-safe: one instance per stream.
 */
public final class EdgeStream {

  /** Longest prefix of a malformed line copied into its reject record. */
  private static final int MAX_REJECT_TEXT = 500;

  /** Told about each malformed line as it is skipped. */
  @FunctionalInterface
  public interface MalformedLineListener {
    /**
     * @param lineNo the 1-based line number
     * @param problem one line saying why the line was skipped
     */
    void malformed(long lineNo, String problem);
  }

  /**
   * What a run read.
   *
   * @param lines lines read, blank ones included
   * @param malformed lines skipped because they were not an edge
   */
  public record Counts(long lines, long malformed) {}

  private final Guardrail guardrail;
  private final Writer accepted;
  private final Writer rejects;
  private final MalformedLineListener onMalformed;
  private final long maxFiring;
  private final List<Long> lineNos = new ArrayList<>();
  private final List<EdgeCandidate> batch = new ArrayList<>();

  /**
   * @param guardrail the guardrail every edge goes through
   * @param accepted receives accepted edges, one JSON object per line
   * @param rejects receives rejected edges and malformed lines, or {@code null} to drop them
   * @param onMalformed told about each malformed line
   */
  public EdgeStream(Guardrail guardrail, Writer accepted, Writer rejects,
      MalformedLineListener onMalformed) {
    this.guardrail = Objects.requireNonNull(guardrail, "guardrail");
    this.accepted = Objects.requireNonNull(accepted, "accepted");
    this.rejects = rejects;
    this.onMalformed = Objects.requireNonNull(onMalformed, "onMalformed");
    this.maxFiring = Limits.RULE_FIRING_EDGES.value();
  }

  /**
   * Reads every line of {@code in}, runs the edges through the guardrail and writes the results;
   * flushes {@code accepted} at the end.
   *
   * @return the lines read and the malformed ones among them
   * @throws IOException if reading or writing fails
   */
  public Counts run(TextLines in) throws IOException {
    long lines = 0;
    long malformed = 0;
    long recordMax = Limits.JSON_RECORD_BYTES.value();
    String line;
    while ((line = in.readLine(recordMax)) != null) {
      lines++;
      if (in.tooLong()) {
        // Neither held nor parsed: a 60 MB line cost 1.2 GB as a tree (issue 19).
        malformed++;
        rejectMalformed(lines, "", "record_too_long", Limits.recordTooLong("bytes"));
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      EdgeCandidate c;
      try {
        c = EdgeCandidate.fromJson(TextLines.readOneJson(line));
      } catch (IOException | IllegalArgumentException e) {
        malformed++;
        rejectMalformed(lines, line, "malformed_json", oneLine(e));
        continue;
      }
      if (!sameFiring(c) || batch.size() >= maxFiring) {
        // A firing longer than the limit is processed in consecutive chunks: memory stays
        // bounded (a 500,000-line firing was held whole: 3.7 GB).
        flush();
      }
      lineNos.add(lines);
      batch.add(c);
    }
    flush();
    accepted.flush();
    return new Counts(lines, malformed);
  }

  private void rejectMalformed(long lineNo, String line, String reason, String why)
      throws IOException {
    onMalformed.malformed(lineNo, why);
    if (rejects != null) {
      ObjectNode r = JsonNodeFactory.instance.objectNode();
      r.put("line", lineNo);
      r.put("stage", "parse");
      r.put("reason", reason);
      r.put("detail", why);
      r.put("text", line.length() > MAX_REJECT_TEXT ? line.substring(0, MAX_REJECT_TEXT) : line);
      writeLine(rejects, r);
    }
  }

  private boolean sameFiring(EdgeCandidate c) {
    return batch.isEmpty() || (Objects.equals(c.contextNodeId(), batch.get(0).contextNodeId())
        && Objects.equals(c.ruleId(), batch.get(0).ruleId()));
  }

  private void flush() throws IOException {
    if (batch.isEmpty()) {
      return;
    }
    EdgeCandidate first = batch.get(0);
    Guardrail.BatchOutcome b = guardrail.processBatch(first.contextNodeId(), first.ruleId(), batch);
    for (int i = 0; i < batch.size(); i++) {
      EdgeOutcome o = b.outcomes().get(i);
      if (o.accepted()) {
        writeLine(accepted, o.edge().toJson());
      } else if (rejects != null) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("line", lineNos.get(i));
        r.setAll(o.toRejectJson());
        writeLine(rejects, r);
      }
    }
    lineNos.clear();
    batch.clear();
  }

  private static void writeLine(Writer w, ObjectNode n) throws IOException {
    w.write(ProductJson.toJson(n));
    w.write('\n');
  }

  private static String oneLine(Exception e) {
    if (e instanceof JsonProcessingException j) {
      return "not valid JSON: " + TextLines.jsonProblem(j);
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
