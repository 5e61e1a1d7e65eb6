package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code $ geofusion ...} example of README.md and docs/*.md against the data
 * {@code geofusion demo} makes, in a fresh folder, and compares what it prints with what the docs
 * show (stdout, then stderr; a line {@code ...} ends the comparison: the rest is omitted in the
 * docs). A {@code $ cat FILE} example writes the lines the docs show into FILE first, so an
 * input the docs print is an input the test has. The marker comment before a code fence (docs/cli.md,
 * "Examples in the docs") changes that for the whole block:
 *
 * <ul>
 *   <li>{@code <!-- example: exit-status-only -->}: run, but only the exit status is checked
 *       (output that legitimately varies: timestamps, live RTTs on loopback);
 *   <li>{@code <!-- example: not-run REASON -->}: not run; the reason must say why (probes
 *       beyond this machine, or which file it needs and where that comes from).
 * </ul>
 */
class DocsExamplesTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern MARKER =
      Pattern.compile("<!-- example: (exit-status-only|not-run)\\s*(.*?)\\s*-->");
  private static final Set<String> FILE_OPTIONS =
      Set.of("--geojson", "--html", "--out", "--write-ndjson", "--graph", "--staging", "--db");
  private static final Pattern FILE_LIKE =
      Pattern.compile(".*\\.(mmdb|json|jsonl|ndjson|csv|geojson|pcap|pcapng|html|txt|gz|snap|duckdb)");

  @TempDir Path work;

  /** One example: where it is, its command line, what the docs show, and its marker. */
  record Example(String where, String command, List<String> expected, String marker,
      String reason) {}

  @Test
  void everyExample_printsWhatTheDocsShow() throws IOException {
    CliRun demo = CliRun.of("demo", "--out", work.resolve("geofusion-demo").toString());
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    List<String> failures = new ArrayList<>();
    int ran = 0;
    for (Path doc : docs()) {
      for (Example e : examples(doc)) {
        if (e.command().startsWith("cat ")) {
          Files.write(work.resolve(e.command().substring(4).trim()), e.expected());
          continue;
        }
        if (!e.command().startsWith("geofusion ")) {
          continue;
        }
        if ("not-run".equals(e.marker())) {
          if (e.reason().isBlank()) {
            failures.add(e.where() + ": not-run needs a reason");
          }
          continue;
        }
        ran++;
        String problem = check(e);
        if (problem != null) {
          failures.add(e.where() + ": $ " + e.command() + "\n" + problem);
        }
      }
    }
    assertThat(failures).as("examples that drifted (fix the doc or the code)").isEmpty();
    assertThat(ran).as("examples run").isGreaterThanOrEqualTo(10);
  }

  private static List<Path> docs() throws IOException {
    List<Path> out = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
    }
    return out;
  }

  /** The {@code $ ...} commands of a Markdown file's fenced blocks, each with its output. */
  static List<Example> examples(Path doc) throws IOException {
    List<String> lines = Files.readAllLines(doc);
    List<Example> out = new ArrayList<>();
    String marker = null;
    String reason = "";
    boolean fence = false;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (!fence) {
        Matcher m = MARKER.matcher(l);
        if (m.find()) {
          marker = m.group(1);
          reason = m.group(2);
        } else if (l.startsWith("```")) {
          fence = true;
        }
        continue;
      }
      if (l.startsWith("```")) {
        fence = false;
        marker = null;
        reason = "";
        continue;
      }
      if (!l.startsWith("$ ")) {
        continue;
      }
      int at = i + 1;
      StringBuilder cmd = new StringBuilder(l.substring(2));
      while (cmd.toString().endsWith("\\") && i + 1 < lines.size()) {
        cmd.setLength(cmd.length() - 1);
        cmd.append(' ').append(lines.get(++i).trim());
      }
      List<String> expected = new ArrayList<>();
      while (i + 1 < lines.size() && !lines.get(i + 1).startsWith("$ ")
          && !lines.get(i + 1).startsWith("```")) {
        expected.add(lines.get(++i));
      }
      out.add(new Example(ROOT.relativize(doc) + ":" + at, cmd.toString().replaceAll("\\s+", " ")
          .trim(), expected, marker, reason));
    }
    return out;
  }

  /** Runs one example; null when it matches the docs, else what differs. */
  private String check(Example e) {
    List<String> words = words(e.command());
    if (words == null) {
      return "shell syntax the test does not run (pipes, redirection, substitution): mark it";
    }
    List<String> args = new ArrayList<>();
    for (int k = 1; k < words.size(); k++) {
      String w = words.get(k);
      boolean file = !w.startsWith("-") && (FILE_LIKE.matcher(w).matches()
          || Files.exists(work.resolve(w)) || FILE_OPTIONS.contains(words.get(k - 1)));
      args.add(file ? work.resolve(w).toString() : w);
    }
    String beyond = beyondThisMachine(words);
    if (beyond != null) {
      return "a live example probing " + beyond + " (beyond this machine) must be marked"
          + " <!-- example: not-run ... -->; it was not run";
    }
    if (args.get(0).equals("demo") && !args.contains("--out")) {
      // the demo writes to ./geofusion-demo: here, the test's folder (paths print relative)
      args.add("--out");
      args.add(work.resolve("geofusion-demo").toString());
    }
    CliRun r = CliRun.of(args.toArray(String[]::new));
    List<String> expected = new ArrayList<>(e.expected());
    int wantExit = expected.isEmpty() ? 0 : expected.get(0).startsWith("geofusion: usage error")
        ? 2 : expected.get(0).startsWith("geofusion: error") ? 1 : 0;
    if (!expected.isEmpty()) {
      Matcher exit = Pattern.compile("\\[exit (\\d+)]").matcher(
          expected.get(expected.size() - 1).strip());
      if (exit.matches()) {
        wantExit = Integer.parseInt(exit.group(1));
        expected.remove(expected.size() - 1);
        if (r.exitCode() != wantExit) {
          return "exit status " + r.exitCode() + ", the docs show " + wantExit;
        }
      }
    }
    if ("exit-status-only".equals(e.marker())) {
      return r.exitCode() == wantExit ? null
          : "exit status " + r.exitCode() + ", the docs imply " + wantExit + "\n" + r.err();
    }
    List<String> actual = new ArrayList<>();
    String prefix = work.toString() + "/";
    for (String s : (r.out() + r.err()).split("\n", -1)) {
      actual.add(s.replace(prefix, "").replace(work.toString(), ".").stripTrailing());
    }
    while (!actual.isEmpty() && actual.get(actual.size() - 1).isEmpty()) {
      actual.remove(actual.size() - 1);
    }
    for (int k = 0; k < expected.size(); k++) {
      String want = expected.get(k).stripTrailing();
      if (want.equals("...")) {
        return null;
      }
      if (k >= actual.size() || !actual.get(k).equals(want)) {
        return "line " + (k + 1) + ": docs show\n  " + want + "\nbut it prints\n  "
            + (k < actual.size() ? actual.get(k) : "(nothing)");
      }
    }
    return actual.size() == expected.size() ? null
        : "it prints " + (actual.size() - expected.size()) + " more line(s), from\n  "
            + actual.get(expected.size());
  }

  private static final Set<String> LIVE = Set.of("probe", "ping", "traceroute", "trace",
      "analyze", "geo-path");

  /**
   * The first target of a live example that is not on this machine (loopback, or a name or
   * literal that is refused before any packet: {@code .invalid}, multicast, not an address),
   * else null. Tests may probe only this machine.
   */
  static String beyondThisMachine(List<String> words) {
    picocli.CommandLine root = GeoFusionCommand.commandLine();
    int k = 1;
    while (k < words.size() && words.get(k).startsWith("-")) {
      k++; // global options such as --verbose
    }
    if (k >= words.size() || !LIVE.contains(words.get(k)) || words.contains("--input")) {
      return null;
    }
    picocli.CommandLine.Model.CommandSpec spec =
        root.getSubcommands().get(words.get(k)).getCommandSpec();
    for (int i = k + 1; i < words.size(); i++) {
      String w = words.get(i);
      if (w.startsWith("-")) {
        picocli.CommandLine.Model.OptionSpec o = spec.findOption(w.split("=", 2)[0]);
        if (o != null && !w.contains("=") && o.arity().max() > 0) {
          i++; // its value
        }
        continue;
      }
      boolean local = w.startsWith("127.") || w.equals("::1") || w.equals("localhost")
          || w.endsWith(".invalid") || w.matches("22[4-9]\\..*|23\\d\\..*")
          || w.matches(".*\\b(25[6-9]|2[6-9]\\d|[3-9]\\d\\d)\\b.*");
      if (!local) {
        return w;
      }
    }
    return null;
  }

  /** Splits a command line into words (single and double quotes); null for shell syntax. */
  static List<String> words(String command) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    char quote = 0;
    boolean any = false;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        any = true;
      } else if (c == '|' || c == '>' || c == '<' || c == '`' || c == ';' || c == '&') {
        return null;
      } else if (c == ' ') {
        if (w.length() > 0 || any) {
          out.add(w.toString());
          w.setLength(0);
          any = false;
        }
      } else {
        w.append(c);
      }
    }
    if (w.length() > 0 || any) {
      out.add(w.toString());
    }
    return command.contains("$(") ? null : out;
  }
}
