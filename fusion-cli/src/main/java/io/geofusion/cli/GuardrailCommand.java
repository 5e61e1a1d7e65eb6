package io.geofusion.cli;

import io.geofusion.guardrail.EdgeKindRegistry;
import io.geofusion.guardrail.EdgeStream;
import io.geofusion.guardrail.Guardrail;
import io.geofusion.guardrail.GuardrailCounter;
import io.geofusion.guardrail.GuardrailStats;
import io.geofusion.guardrail.HttpModelRepairer;
import io.geofusion.guardrail.TrainingLog;
import io.geofusion.text.AtomicFile;
import io.geofusion.text.LockedAppender;
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
import java.util.Locale;
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
    PrintWriter err = spec.commandLine().getErr();
    long[] reported = {0};
    EdgeStream.MalformedLineListener onMalformed = (lineNo, why) -> {
      if (++reported[0] <= MAX_REPORTED_MALFORMED) {
        err.println("geofusion: " + input + ":" + lineNo + ": malformed line skipped: " + why);
      }
    };
    EdgeStream.Counts counts;
    Guardrail g;
    // Appended under a file lock, one whole line at a time: parallel runs on one log never
    // interleave their lines.
    try (LockedAppender tlog = trainingLog == null ? null : LockedAppender.open(trainingLog)) {
      g = guardrail(tlog);
      // Written to temporary files renamed into place at the end: parallel runs on one --out
      // leave one complete output, and a failed run leaves the previous file.
      try (TextLines in = open(input);
          AtomicFile acceptedFile = out == null ? null : AtomicFile.create(out);
          AtomicFile rejectFile = rejects == null ? null : AtomicFile.create(rejects)) {
        Writer accepted = acceptedFile == null ? spec.commandLine().getOut()
            : writer(acceptedFile);
        Writer rejectOut = rejectFile == null ? null : writer(rejectFile);
        counts = new EdgeStream(g, accepted, rejectOut, onMalformed).run(in);
        commit(accepted, acceptedFile);
        commit(rejectOut, rejectFile);
      }
    }
    if (counts.malformed() > MAX_REPORTED_MALFORMED) {
      err.println("geofusion: … and " + (counts.malformed() - MAX_REPORTED_MALFORMED)
          + " more malformed lines");
    }
    summary(err, g.stats(), counts.malformed(), g.ledger().size());
    return 0;
  }

  private static Writer writer(AtomicFile f) {
    return new java.io.OutputStreamWriter(f.stream(), StandardCharsets.UTF_8);
  }

  private static void commit(Writer w, AtomicFile f) throws IOException {
    if (f != null) {
      w.flush();
      f.commit();
    }
  }

  private Guardrail guardrail(LockedAppender tlog) throws IOException {
    EdgeKindRegistry reg = registry == null ? EdgeKindRegistry.bundled()
        : EdgeKindRegistry.bundled().extendedWith(registry);
    Guardrail.Builder b = Guardrail.builder().registry(reg)
        .trainingLog(tlog == null ? TrainingLog.discard() : TrainingLog.jsonl(tlog));
    try {
      b.maxRepairAttempts(maxAttempts);
      if (modelUrl != null) {
        b.repairer(HttpModelRepairer.builder(modelUrl, model).requestTimeout(modelTimeout).build());
      }
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    return b.build();
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
