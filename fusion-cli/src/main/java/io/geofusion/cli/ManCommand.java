package io.geofusion.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code geofusion man}: prints a man page (roff, man(7) macros) for every subcommand, built from
 * the same option model as {@code --help}, so it cannot drift from the code. Install with
 * {@code geofusion man > ~/.local/share/man/man1/geofusion.1}.
 */
@Command(name = "man", mixinStandardHelpOptions = true,
    description = "Print the man page (roff) of geofusion and all its subcommands.")
final class ManCommand implements Runnable {

  @CommandLine.Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    CommandSpec root = spec.root();
    String version = root.version().length > 0 ? root.version()[0] : "geofusion";
    out.printf(Locale.ROOT, ".TH GEOFUSION 1 \"%s\" \"%s\" \"GeoFusion Manual\"%n",
        LocalDate.now(ZoneOffset.UTC), esc(version));
    out.println(".SH NAME");
    out.println("geofusion \\- " + esc(String.join(" ", root.usageMessage().description())));
    out.println(".SH SYNOPSIS");
    out.println(".B geofusion");
    out.println("[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]");
    out.println(".SH GLOBAL OPTIONS");
    options(out, root);
    out.println(".SH COMMANDS");
    for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
      CommandSpec sub = e.getValue().getCommandSpec();
      if (sub.usageMessage().hidden() || e.getKey().equals("help")) {
        continue;
      }
      section(out, "geofusion " + e.getKey(), sub);
      for (Map.Entry<String, CommandLine> e2 : sub.subcommands().entrySet()) {
        section(out, "geofusion " + e.getKey() + " " + e2.getKey(),
            e2.getValue().getCommandSpec());
      }
    }
    out.println(".SH EXIT STATUS");
    out.println("0 success; 1 a runtime failure (one line on stderr says what to do); 2 a usage"
        + " error.");
    out.println(".SH FILES");
    out.println(".TP");
    out.println(".I $XDG_CONFIG_HOME/geofusion/config.properties");
    out.println("Defaults for flags (see \\fBgeofusion config show\\fR); overridden by"
        + " \\fB--config\\fR or \\fBGEOFUSION_CONFIG\\fR.");
    out.println(".SH SEE ALSO");
    out.println("mtr(8), traceroute(8), ping(8), scamper(1), mmdblookup(1)");
    out.flush();
  }

  private static void section(PrintWriter out, String name, CommandSpec c) {
    out.println(".SS " + esc(name));
    for (String d : c.usageMessage().description()) {
      out.println(esc(d));
      out.println(".PP");
    }
    for (PositionalParamSpec p : c.positionalParameters()) {
      if (p.hidden()) {
        continue;
      }
      out.println(".TP");
      out.println(".I " + esc(p.paramLabel()));
      out.println(esc(String.join(" ", p.description())));
    }
    options(out, c);
  }

  private static void options(PrintWriter out, CommandSpec c) {
    for (OptionSpec o : c.options()) {
      if (o.hidden() || o.inherited()) {
        continue;
      }
      out.println(".TP");
      String names = String.join(", ", o.names());
      String label = o.typeInfo().isBoolean() ? "" : " \\fI" + esc(o.paramLabel()) + "\\fR";
      out.println("\\fB" + esc(names) + "\\fR" + label);
      out.println(esc(String.join(" ", o.description()).replace("${DEFAULT-VALUE}",
          String.valueOf(o.defaultValue()))));
    }
  }

  /** Escapes text for roff: backslashes, and leading dots/quotes that would read as requests. */
  static String esc(String s) {
    String t = s.replace("\\", "\\e").replace("-", "\\-");
    if (t.startsWith(".") || t.startsWith("'")) {
      t = "\\&" + t;
    }
    return t;
  }
}
