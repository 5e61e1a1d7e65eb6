package io.geofusion.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the real command line in-process with captured output, as picocli's own tests do. */
record CliRun(int exitCode, String out, String err) {

  /** Runs with no configuration file (the user's own files never leak into tests). */
  static CliRun of(String... args) {
    return withEnv(Map.of("GEOFUSION_CONFIG", "/dev/null"), args);
  }

  /** Runs as the executable does, with the given environment for config lookup. */
  static CliRun withEnv(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = GeoFusionCommand.execute(args, new PrintWriter(out, true),
        new PrintWriter(err, true), env);
    return new CliRun(code, out.toString(), err.toString());
  }
}
