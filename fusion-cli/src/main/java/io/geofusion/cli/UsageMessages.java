package io.geofusion.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Usage errors in plain words instead of picocli's ("Unmatched arguments from index 0"), with
 * the nearest command or option suggested for a typo ({@code anaylze} → {@code analyze},
 * {@code --inptu} → {@code --input}): a name within edit distance 2, or a third of its length
 * for longer names, whichever is larger. Stateless.
 */
final class UsageMessages {

  private UsageMessages() {}

  /** The one-line message for {@code ex}, without the {@code geofusion: usage error: } prefix. */
  static String plain(CommandLine.ParameterException ex) {
    CommandSpec spec = ex.getCommandLine().getCommandSpec();
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      return unmatched(spec, u.getUnmatched());
    }
    String message = String.valueOf(ex.getMessage());
    if (ex instanceof CommandLine.MissingParameterException m) {
      if (message.startsWith("Missing required parameter for option")) {
        ArgSpec a = m.getMissing().get(0);
        return "option " + name(a) + " needs a value (" + a.paramLabel() + ")";
      }
      List<String> what = new ArrayList<>();
      for (ArgSpec a : m.getMissing()) {
        what.add(a.isOption() ? name(a) + " " + a.paramLabel() : a.paramLabel());
      }
      return "missing " + String.join(" and ", what);
    }
    if (ex instanceof CommandLine.MutuallyExclusiveArgsException) {
      String m = message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
      int i = m.indexOf(" are mutually exclusive");
      if (i > 0) {
        return "give only one of " + m.substring(0, i);
      }
    }
    return message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
  }

  private static String name(ArgSpec a) {
    return a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
  }

  private static String unmatched(CommandSpec spec, List<String> args) {
    String first = args.get(0);
    String more = args.size() > 1 ? " (and " + (args.size() - 1) + " more argument(s))" : "";
    if (first.startsWith("-") && first.length() > 1) {
      String bare = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
      List<String> names = new ArrayList<>();
      spec.options().forEach(o -> names.addAll(List.of(o.names())));
      return "unknown option '" + bare + "'" + suggestion(bare, names) + more;
    }
    if (!spec.subcommands().isEmpty()) {
      List<String> names = new ArrayList<>(spec.subcommands().keySet());
      String hint = suggestion(first, names);
      return "unknown command '" + first + "'"
          + (hint.isEmpty() ? "; 'geofusion help' lists the commands" : hint);
    }
    return "unexpected argument '" + first + "'" + more;
  }

  private static String suggestion(String typed, List<String> names) {
    return nearest(typed, names).map(n -> "; did you mean '" + n + "'?").orElse("");
  }

  /** The name nearest to {@code typed} within the allowed edit distance, if any. */
  static Optional<String> nearest(String typed, List<String> names) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String n : names) {
      int d = distance(typed, n);
      if (d < bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, typed.length() / 3);
    return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions, transpositions. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
