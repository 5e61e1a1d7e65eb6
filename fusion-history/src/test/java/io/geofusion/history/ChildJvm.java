package io.geofusion.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link HistoryChild} in its own JVM, its stdout read line by line on a daemon thread. */
final class ChildJvm implements AutoCloseable {

  private static final String EOF = "\u0000eof";

  final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  ChildJvm(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        HistoryChild.class.getName()));
    cmd.addAll(List.of(args));
    process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.add(l);
        }
      } catch (IOException e) {
        // the child was killed mid-line: what was read is what counts
      } finally {
        lines.add(EOF);
      }
    }, "child-stdout");
    t.setDaemon(true);
    t.start();
  }

  /** The next line, or null at end of stream or after {@code seconds} (a liveness bound). */
  String next(long seconds) throws InterruptedException {
    String l = lines.poll(seconds, TimeUnit.SECONDS);
    return l == null || l.equals(EOF) ? null : l;
  }

  /** Every line still to come, once the child has exited. */
  List<String> rest() throws InterruptedException {
    List<String> out = new ArrayList<>();
    for (String l = next(60); l != null; l = next(60)) {
      out.add(l);
    }
    return out;
  }

  /** SIGKILL (kill -9 on Linux) and wait for the process to end. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
