package io.geofusion.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.guardrail.EdgeCandidate;
import io.geofusion.guardrail.EdgeKindRegistry;
import io.geofusion.guardrail.EdgeOutcome;
import io.geofusion.guardrail.Guardrail;
import io.geofusion.guardrail.GuardrailCounter;
import io.geofusion.guardrail.GuardrailStats;
import io.geofusion.guardrail.HttpModelRepairer;
import io.geofusion.guardrail.TrainingLog;
import io.geofusion.json.ProductJson;
import io.geofusion.text.TextLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion guardrail}: runs inferred edges (JSON lines) through the three-stage guardrail.
 * Consecutive lines with the same {@code context_node_id} and {@code rule_id} form one rule
 * firing (for the exhaustion ledger).
 */
@Command(name = "guardrail", mixinStandardHelpOptions = true,
    description = {"Canonicalise, heal, validate and repair inferred edges (JSON lines).",
        "Accepted edges go to stdout (or --out), rejects with reasons to --rejects, repair "
            + "attempts to --training-log; a per-stage summary goes to stderr."})
public final class GuardrailCommand implements Callable<Integer> {

  private static final int MAX_REPORTED_MALFORMED = 20;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--input", required = true, paramLabel = "EDGES.jsonl",
      description = "Edges, one JSON object per line ('-' for stdin).")
  String input;

  @Option(names = "--out", paramLabel = "FILE", description = "Accepted edges (default stdout).")
  Path out;

  @Option(names = "--rejects", paramLabel = "FILE", description = "Dropped edges with stage and reason.")
  Path rejects;

  @Option(names = "--training-log", paramLabel = "FILE",
      description = "Append every repair attempt as a training pair (JSONL).")
  Path trainingLog;

  @Option(names = "--registry", paramLabel = "FILE",
      description = "Extend the bundled edge-kind registry with this JSON file.")
  Path registry;

  @Option(names = "--max-attempts", defaultValue = "2", paramLabel = "N",
      description = "Repair attempts per edge (default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--model-url", paramLabel = "URL",
      description = "Ollama-style server for model repair, e.g. http://127.0.0.1:11434 "
          + "(default: the deterministic repairer).")
  URI modelUrl;

  @Option(names = "--model", paramLabel = "NAME", description = "Model name for --model-url.")
  String model;

  @Option(names = "--model-timeout", defaultValue = "PT30S", paramLabel = "DURATION",
      description = "Per-request deadline for the model (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration modelTimeout;

  @Override
  public Integer call() throws IOException {
    if ((modelUrl == null) != (model == null)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--model-url and --model go together");
    }
    EdgeKindRegistry reg = registry == null ? EdgeKindRegistry.bundled()
        : EdgeKindRegistry.bundled().extendedWith(registry);
    Writer tlog = trainingLog == null ? null : Files.newBufferedWriter(trainingLog,
        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    Guardrail.Builder b = Guardrail.builder().registry(reg)
        .trainingLog(tlog == null ? TrainingLog.discard() : TrainingLog.jsonl(tlog));
    try {
      b.maxRepairAttempts(maxAttempts);
      if (modelUrl != null) {
        b.repairer(HttpModelRepairer.builder(modelUrl, model).requestTimeout(modelTimeout).build());
      }
    } catch (IllegalArgumentException e) {
      if (tlog != null) {
        tlog.close();
      }
      throw new GeoFusionCommand.UsageError(e.getMessage());
    }
    Guardrail g = b.build();
    PrintWriter err = spec.commandLine().getErr();
    long lines = 0;
    long malformed = 0;
    try (TextLines in = open(input);
        Writer acceptedOut = out == null ? null : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        Writer rejectOut = rejects == null ? null
            : Files.newBufferedWriter(rejects, StandardCharsets.UTF_8)) {
      PrintWriter accepted = acceptedOut == null ? spec.commandLine().getOut()
          : new PrintWriter(acceptedOut);
      Batch batch = new Batch();
      String line;
      while ((line = in.readLine()) != null) {
        lines++;
        if (line.isBlank()) {
          continue;
        }
        EdgeCandidate c;
        try {
          c = EdgeCandidate.fromJson(TextLines.readOneJson(line));
        } catch (IOException | IllegalArgumentException e) {
          malformed++;
          String why = oneLine(e);
          if (malformed <= MAX_REPORTED_MALFORMED) {
            err.println("geofusion: " + input + ":" + lines + ": malformed line skipped: " + why);
          }
          if (rejectOut != null) {
            ObjectNode r = JsonNodeFactory.instance.objectNode();
            r.put("line", lines);
            r.put("stage", "parse");
            r.put("reason", "malformed_json");
            r.put("detail", why);
            r.put("text", line.length() > 500 ? line.substring(0, 500) : line);
            rejectOut.write(ProductJson.toJson(r));
            rejectOut.write('\n');
          }
          continue;
        }
        if (!batch.accepts(c)) {
          batch.flush(g, accepted, rejectOut);
        }
        batch.add(lines, c);
      }
      batch.flush(g, accepted, rejectOut);
      accepted.flush();
    } finally {
      if (tlog != null) {
        tlog.close();
      }
    }
    if (malformed > MAX_REPORTED_MALFORMED) {
      err.println("geofusion: … and " + (malformed - MAX_REPORTED_MALFORMED)
          + " more malformed lines");
    }
    summary(err, g.stats(), malformed, g.ledger().size());
    return 0;
  }

  private static TextLines open(String input) throws IOException {
    if (input.equals("-")) {
      return TextLines.of(System.in, "standard input");
    }
    try {
      return TextLines.open(Path.of(input));
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(input, null, "input file does not exist");
    }
  }

  /** Consecutive lines sharing (context_node_id, rule_id). */
  private static final class Batch {
    final List<Long> lineNos = new ArrayList<>();
    final List<EdgeCandidate> edges = new ArrayList<>();

    boolean accepts(EdgeCandidate c) {
      return edges.isEmpty() || (Objects.equals(c.contextNodeId(), edges.get(0).contextNodeId())
          && Objects.equals(c.ruleId(), edges.get(0).ruleId()));
    }

    void add(long line, EdgeCandidate c) {
      lineNos.add(line);
      edges.add(c);
    }

    void flush(Guardrail g, PrintWriter accepted, Writer rejects) throws IOException {
      if (edges.isEmpty()) {
        return;
      }
      EdgeCandidate first = edges.get(0);
      Guardrail.BatchOutcome b = g.processBatch(first.contextNodeId(), first.ruleId(), edges);
      for (int i = 0; i < edges.size(); i++) {
        EdgeOutcome o = b.outcomes().get(i);
        if (o.accepted()) {
          accepted.println(ProductJson.toJson(o.edge().toJson()));
        } else if (rejects != null) {
          ObjectNode r = JsonNodeFactory.instance.objectNode();
          r.put("line", lineNos.get(i));
          r.setAll(o.toRejectJson());
          rejects.write(ProductJson.toJson(r));
          rejects.write('\n');
        }
      }
      lineNos.clear();
      edges.clear();
    }
  }

  private static String oneLine(Exception e) {
    if (e instanceof JsonProcessingException j) {
      return "not valid JSON: " + TextLines.jsonProblem(j);
    }
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  static void summary(PrintWriter err, GuardrailStats s, long malformed, int exhausted) {
    long seen = s.get(GuardrailCounter.SEEN);
    long d1 = s.get(GuardrailCounter.DROPPED_CANONICALISE);
    long d2 = s.get(GuardrailCounter.DROPPED_HEAL);
    long d3 = s.get(GuardrailCounter.DROPPED_VALIDATE);
    err.println();
    err.println("stage          seen  passed  recovered  dropped");
    err.printf(Locale.ROOT, "%-12s %6d %7d %10s %8d%n", "parse", seen + malformed, seen, "-",
        malformed);
    err.printf(Locale.ROOT, "%-12s %6d %7d %10d %8d%n", "canonicalise", seen, seen - d1,
        s.get(GuardrailCounter.RECOVERED_CANONICALISE), d1);
    err.printf(Locale.ROOT, "%-12s %6d %7d %10d %8d%n", "heal", seen - d1, seen - d1 - d2,
        s.get(GuardrailCounter.RECOVERED_HEAL), d2);
    err.printf(Locale.ROOT, "%-12s %6d %7d %10d %8d%n", "validate", seen - d1 - d2,
        seen - d1 - d2 - d3, s.get(GuardrailCounter.RECOVERED_REPAIR), d3);
    long total = seen + malformed;
    err.printf(Locale.ROOT, "accepted %d of %d (%.1f %%): %d clean, %d recovered; "
            + "dropped %d; repair attempts %d; rules exhausted %d%n",
        s.accepted(), total, total == 0 ? 0.0 : 100.0 * s.accepted() / total,
        s.get(GuardrailCounter.ACCEPTED_CLEAN), s.recovered(), s.dropped() + malformed,
        s.get(GuardrailCounter.REPAIR_ATTEMPTS), exhausted);
    if (!s.droppedByReason().isEmpty() || malformed > 0) {
      StringBuilder b = new StringBuilder("dropped by reason:");
      if (malformed > 0) {
        b.append(" malformed_json=").append(malformed);
      }
      new java.util.TreeMap<>(s.droppedByReason()).forEach((k, v) ->
          b.append(' ').append(k).append('=').append(v));
      err.println(b);
    }
    err.flush();
  }
}
