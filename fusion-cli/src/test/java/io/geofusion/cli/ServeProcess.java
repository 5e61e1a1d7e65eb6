package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code geofusion serve} or {@code demo --serve} process (a real JVM on this test's class
 * path) and the base URL it printed; closing it sends SIGTERM, as Ctrl-C does.
 */
record ServeProcess(Process process, String url) implements AutoCloseable {

  /** Upper bound of every wait (liveness only; the machine is busy). */
  static final Duration DEADLINE = Duration.ofSeconds(120);

  private static final Pattern URL = Pattern.compile("serving (?:the demo )?on (http://\\S+)");

  /** Starts {@code geofusion ARGS} and waits for its "serving on URL" line. */
  static ServeProcess start(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
        "java").toString(), "-Xmx384m", "-cp", System.getProperty("java.class.path"),
        GeoFusionCommand.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8));
    String line = r.readLine(); // blocks until it listens or exits
    assertThat(line).as("first line of geofusion " + String.join(" ", args)).isNotNull();
    Matcher m = URL.matcher(line);
    assertThat(m.find()).as(line).isTrue();
    Thread drain = new Thread(() -> {
      try {
        while (r.readLine() != null) {
          // keep the pipe from filling
        }
      } catch (java.io.IOException e) {
        // the process ended
      }
    }, "serve-stdout");
    drain.setDaemon(true);
    drain.start();
    return new ServeProcess(p, m.group(1));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
