package io.geofusion.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.geofusion.fusion.FusionAlert;
import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.eval.GroundTruthReader;
import io.geofusion.fusion.eval.GroundTruthTarget;
import io.geofusion.history.HistoryStore;
import io.geofusion.json.FusionJson;
import io.geofusion.json.GeoJsonCollection;
import io.geofusion.json.HostReportJson;
import io.geofusion.json.ProductJson;
import io.geofusion.locate.BatchFusion;
import io.geofusion.text.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code geofusion triangulate}: fuses each target of a ground-truth-format NDJSON file (truth is
 * ignored) and prints its location distribution.
 */
@Command(name = "triangulate", mixinStandardHelpOptions = true,
    description = {"Locate each target of an NDJSON file (vantages with RTTs, optional GeoIP) and "
        + "print its location distribution: estimate, 50 %% and 90 %% circles, Gaussian mixture, "
        + "evidence scores and alerts.",
        "The input is the ground-truth format of docs/evaluation.md; 'truth' is ignored."})
public final class TriangulateCommand implements Callable<Integer> {

  @Option(names = "--input", required = true, paramLabel = "FILE",
      description = "NDJSON file, one target per line.")
  Path input;

  @ArgGroup(exclusive = true) OutputOptions output;

  @Option(names = "--geojson", paramLabel = "FILE",
      description = "Also write every target's estimate, circles, mixture ellipses and vantage "
          + "disks to FILE as one RFC 7946 FeatureCollection (property 'target').")
  Path geojson;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin FusionOptions fusion = new FusionOptions();

  @CommandLine.Mixin HtmlOption html = new HtmlOption();

  @CommandLine.Mixin HistoryDbOption history = new HistoryDbOption();

  @Option(names = "--threads", paramLabel = "N",
      description = "Fuse on N threads (default: every core; 1 runs in one thread). The output "
          + "is the same, in input order, whatever N is.")
  Integer threads;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!Files.isRegularFile(input)) {
      throw new IllegalArgumentException("input file not found: " + input);
    }
    FusionEngine engine = fusion.engine();
    BatchFusion batch = new BatchFusion(engine, threads());
    try (HistoryStore store = history.openForRecording()) {
      return fuseAll(batch, engine, store);
    }
  }

  private int fuseAll(BatchFusion batch, FusionEngine engine, HistoryStore store)
      throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    OutputOptions.Mode mode = OutputOptions.of(output);
    List<JsonNode> documents = new ArrayList<>();
    GeoJsonCollection map = geojson == null && !html.given() ? null : new GeoJsonCollection();
    List<ObjectNode> mapDocuments = new ArrayList<>();
    if (mode == OutputOptions.Mode.TEXT) {
      out.print(row("target", "lat", "lon", "r50_km", "r90_km", "k", "alerts"));
    }
    long fused;
    // Streamed: one line in, one result out, at most threads × 64 targets in memory (--json,
    // --geojson and --html keep what their one document needs).
    try (GroundTruthReader.Targets targets = GroundTruthReader.open(input);
        Progress progress = Progress.forTerminal(spec.commandLine().getErr(),
            terminalTotal()).begin()) {
      fused = batch.run(targets, GroundTruthTarget::input, (t, r) -> {
        if (map != null) {
          map.addFusion(r, t.vantages(), engine.rttModel(), Map.of("target", t.target()));
          if (html.given()) {
            mapDocuments.add(FusionJson.toJson(r));
          }
        }
        if (store != null) {
          try {
            store.recordFused(t.vantages(), r);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        switch (mode) {
          case TEXT -> printRow(out, t.target(), r);
          case NDJSON -> out.println(FusionJson.ndjsonLine(r));
          case JSON -> documents.add(FusionJson.toJson(r));
        }
        progress.step(t.target(), true);
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (fused == 0) {
      spec.commandLine().getErr().println("geofusion: warning: " + input
          + " holds no targets (an empty file?)");
    }
    if (mode == OutputOptions.Mode.JSON) {
      out.println(HostReportJson.results(documents));
    }
    html.write("geofusion triangulate", map, mapDocuments);
    out.flush();
    if (geojson != null) {
      AtomicFile.writeString(geojson, map.toJson());
    }
    return 0;
  }

  private int threads() {
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1 || n > BatchFusion.MAX_THREADS) {
      throw new UsageError("--threads must be in [1, " + BatchFusion.MAX_THREADS + "], got " + n);
    }
    return n;
  }

  /**
   * The bar's total when stderr is a terminal: the input's non-blank lines, counted in one fast
   * pass over the bytes (about 1 GB/s); 0 otherwise, where no bar is drawn.
   */
  private int terminalTotal() throws IOException {
    if (!Progress.stderrIsTerminal()) {
      return 0;
    }
    long lines = 0;
    boolean blank = true;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(input)) {
      for (int k = in.read(buf); k >= 0; k = in.read(buf)) {
        for (int i = 0; i < k; i++) {
          byte b = buf[i];
          if (b == '\n') {
            lines += blank ? 0 : 1;
            blank = true;
          } else if (b != ' ' && b != '\t' && b != '\r') {
            blank = false;
          }
        }
      }
    }
    lines += blank ? 0 : 1;
    return (int) Math.min(lines, Integer.MAX_VALUE);
  }

  /** One row of the text table: estimate, circle radii, mixture size and alerts. */
  private static void printRow(PrintWriter out, String target, FusionResult r) {
    if (!(r instanceof FusionResult.Located l)) {
      out.print(row(target, "-", "-", "-", "-", "0", "abstained (no evidence)"));
      return;
    }
    StringBuilder alerts = new StringBuilder();
    for (FusionAlert a : r.alerts()) {
      alerts.append(alerts.length() == 0 ? "" : ",").append(a.type().jsonName()).append('(')
          .append(a.interpretation().jsonName()).append(')');
    }
    out.print(row(target, Render.fixed(l.estimate().lat(), 4),
        Render.fixed(l.estimate().lon(), 4), Render.fixed(l.circle50().radiusKm(), 0),
        Render.fixed(l.circle90().radiusKm(), 0),
        Integer.toString(l.distribution().components().size()), alerts.toString()));
  }

  /**
   * {@code "%-24s %10s %11s %9s %9s %3s  %s%n"} without a Formatter (Render.left): the numbers
   * come formatted by {@link Render#fixed}, which writes what {@code %.Nf} wrote.
   */
  private static String row(String target, String lat, String lon, String r50, String r90,
      String k, String alerts) {
    StringBuilder sb = new StringBuilder(96);
    Render.left(sb, target, 24).append(' ');
    Render.right(sb, lat, 10).append(' ');
    Render.right(sb, lon, 11).append(' ');
    Render.right(sb, r50, 9).append(' ');
    Render.right(sb, r90, 9).append(' ');
    Render.right(sb, k, 3).append("  ").append(alerts);
    return sb.append(System.lineSeparator()).toString();
  }
}
