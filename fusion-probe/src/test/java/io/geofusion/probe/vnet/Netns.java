package io.geofusion.probe.vnet;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2/sysctl commands with a deadline, and removes stale {@code gfprobe-*} namespaces.
 * Namespaces are named {@code gfprobe-<pid>-<n>}, so a stale one is one whose JVM is gone. With
 * the system property {@code gfprobe.netns.tag=TAG} they are named {@code gfprobe-<pid>-TAG-<n>}
 * and only stale namespaces with that tag are removed (a run that must touch no namespace but
 * its own, on a machine shared with other runs).
 */
final class Netns {

  static final String PREFIX = "gfprobe-";
  private static final String TAG = System.getProperty("gfprobe.netns.tag", "");
  private static final long COMMAND_DEADLINE_SECONDS = 10;

  private Netns() {}

  /** Runs {@code command}; throws with its output when it fails or outlives 10 s. */
  static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean done = p.waitFor(COMMAND_DEADLINE_SECONDS, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish within "
          + COMMAND_DEADLINE_SECONDS + " s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
          + out.strip());
    }
    return out;
  }

  /** The name of this process's {@code n}th namespace. */
  static String name(long n) {
    return PREFIX + ProcessHandle.current().pid() + "-" + (TAG.isEmpty() ? "" : TAG + "-") + n;
  }

  /**
   * Deletes {@code gfprobe-<pid>-*} namespaces whose process no longer exists (with a tag, only
   * those carrying it).
   */
  static void removeStale() {
    File[] names = new File("/run/netns").listFiles();
    if (names == null) {
      return;
    }
    for (File f : names) {
      String n = f.getName();
      if (!n.startsWith(PREFIX) || !TAG.isEmpty() && !n.contains("-" + TAG + "-")) {
        continue;
      }
      String[] parts = n.substring(PREFIX.length()).split("-");
      boolean stale;
      try {
        long pid = Long.parseLong(parts[0]);
        stale = ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
      } catch (NumberFormatException e) {
        stale = true;
      }
      if (stale) {
        try {
          run("ip", "netns", "del", n);
        } catch (IOException | InterruptedException e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
        }
      }
    }
  }

  static List<String> ipIn(String ns, String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
