package io.geofusion.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.geofusion.graph.EntityGraph;
import io.geofusion.text.Limits;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.util.Objects;

/**
 * Loads JSON lines into an {@link EntityGraph}: each line is a graph event ({@code seq} and
 * {@code type}), a node or fusion result ({@code node}), or an edge ({@code src}, {@code kind},
 * {@code dst}, e.g. accepted guardrail output). Blank lines are ignored; a line that is none of
 * these is skipped and reported, so one bad line does not stop a load.
 */
public final class GraphLines {

  private GraphLines() {}

  /** Told about each skipped line as it is skipped. */
  @FunctionalInterface
  public interface SkippedLineListener {
    /**
     * @param lineNo the 1-based line number
     * @param problem one line saying why the line was skipped
     */
    void skipped(long lineNo, String problem);
  }

  /**
   * What a load did.
   *
   * @param applied lines applied to the graph
   * @param skipped lines skipped as malformed
   * @param abstained applied fusion results that abstained (hosts without a location)
   */
  public record Counts(long applied, long skipped, long abstained) {

    /** No lines. */
    public static final Counts NONE = new Counts(0, 0, 0);

    /** The sum of two loads. */
    public Counts plus(Counts o) {
      return new Counts(applied + o.applied, skipped + o.skipped, abstained + o.abstained);
    }
  }

  /**
   * Applies every line of {@code in} to {@code graph}.
   *
   * @throws IOException if reading fails
   */
  public static Counts load(EntityGraph graph, TextLines in, SkippedLineListener onSkipped)
      throws IOException {
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(onSkipped, "onSkipped");
    long n = 0;
    long applied = 0;
    long skipped = 0;
    long abstained = 0;
    long recordMax = Limits.JSON_RECORD_BYTES.value();
    String line;
    while ((line = in.readLine(recordMax)) != null) {
      n++;
      if (in.tooLong()) {
        // Dropped as it was read, never held or parsed (issue 19).
        skipped++;
        onSkipped.skipped(n, Limits.recordTooLong("bytes"));
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode j = GraphJson.parseTree(line);
        apply(graph, j);
        applied++;
        if (j.has("node") && j.path("abstained").asBoolean(false)) {
          abstained++;
        }
      } catch (IllegalArgumentException | IllegalStateException e) {
        skipped++;
        onSkipped.skipped(n, e.getMessage());
      }
    }
    return new Counts(applied, skipped, abstained);
  }

  private static void apply(EntityGraph g, JsonNode j) {
    if (j.has("seq") && j.has("type")) {
      g.apply(GraphJson.eventFromJson(j));
    } else if (j.has("node")) {
      g.upsertNode(GraphJson.nodeUpdateFromJson(j));
    } else if (j.has("src") && j.has("kind") && j.has("dst")) {
      g.upsertEdge(GraphJson.edgeUpdateFromJson(j));
    } else {
      throw new IllegalArgumentException("not a graph event, node or edge (expected seq+type, "
          + "node, or src+kind+dst)");
    }
  }
}
