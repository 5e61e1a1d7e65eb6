package io.geofusion.probe.internal;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external measurement tool with a hard deadline: the process is killed when it outlives
 * it, and what it printed until then is still returned (a partial trace is better than none).
 * The child is started from the calling thread, so it inherits that thread's network namespace.
 */
final class ToolRunner {

  /** What a tool printed and how it ended. */
  record Output(String stdout, String stderr, int exitCode, boolean killed) {}

  private ToolRunner() {}

  /** The first executable named {@code name} on PATH, /usr/sbin or /sbin. */
  static Optional<File> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin"
        + File.pathSeparator + "/sbin" + File.pathSeparator + "/usr/bin";
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      File f = new File(dir, name);
      if (f.isFile() && f.canExecute()) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Runs {@code command}, killing it after {@code deadlineNanos}. */
  static Output run(List<String> command, long deadlineNanos)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread o = drain(p.getInputStream(), out, "tool-stdout");
    Thread e = drain(p.getErrorStream(), err, "tool-stderr");
    boolean killed = false;
    try {
      if (!p.waitFor(deadlineNanos, TimeUnit.NANOSECONDS)) {
        killed = true;
        p.destroyForcibly();
        p.waitFor(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException ie) {
      p.destroyForcibly();
      throw ie;
    }
    o.join(1000);
    e.join(1000);
    synchronized (out) {
      synchronized (err) {
        return new Output(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
            killed ? -1 : p.exitValue(), killed);
      }
    }
  }

  private static Thread drain(InputStream in, ByteArrayOutputStream sink, String name) {
    Thread t = new Thread(() -> {
      byte[] b = new byte[4096];
      try (in) {
        int n;
        while ((n = in.read(b)) > 0) {
          synchronized (sink) {
            sink.write(b, 0, n);
          }
        }
      } catch (IOException ignored) {
        // The process was killed or closed its output: what was read so far is kept.
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
