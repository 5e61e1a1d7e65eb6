package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.probe.vnet.VirtualNetwork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The virtual-network recipe of docs/cli-live.md is complete: its build step writes the test
 * classpath the harness needs, and the rest — FIFOs, the harness in the background, commands
 * inside its namespace, a scenario switch, {@code quit} — runs as written with bash. The build
 * step itself is not re-run here (a nested Maven build would rewrite this module's classes under
 * the running tests): the test's own classpath stands in for {@code $CP}, and a launcher of the
 * same classes for {@code bin/geofusion}. Needs root and /dev/net/tun; skips saying so otherwise.
 */
class CliLiveRecipeTest {

  private static final Path DOC = Path.of("..", "docs", "cli-live.md");
  private static final String MARKER = "<!-- recipe: virtual-network";

  static String recipe() throws IOException {
    String doc = Files.readString(DOC);
    int at = doc.indexOf(MARKER);
    assertThat(at).as("docs/cli-live.md has the virtual-network recipe").isNotNegative();
    int open = doc.indexOf("```bash\n", at);
    int close = doc.indexOf("\n```", open + 8);
    return doc.substring(open + 8, close + 1);
  }

  @Test
  void recipe_buildStepWritesTheTestClasspathAndTheHarnessGetsItsFifos() throws IOException {
    String r = recipe();
    int run = r.indexOf("# 2.");
    assertThat(run).as("the recipe's steps are numbered").isPositive();
    String build = r.substring(0, run);
    assertThat(build).contains("-Dmdep.includeScope=test").contains("dependency:build-classpath")
        .contains("fusion-probe/target/test-classes").contains("CP=").contains("package");
    assertThat(r.substring(run)).contains("mkfifo \"$DIR/req\" \"$DIR/resp\"")
        .contains("java -cp \"$CP\" io.geofusion.probe.vnet.VirtualNetworkMain")
        .contains("ip netns exec \"$NS\" bin/geofusion").contains("echo quit > \"$DIR/req\"");
  }

  @Test
  void recipe_runsAsWrittenAndRemovesItsNamespace(@TempDir Path tmp) throws Exception {
    Optional<String> why = VirtualNetwork.unavailableReason();
    Assumptions.assumeTrue(why.isEmpty(), () -> "skipped: " + why.orElse(""));
    String r = recipe();
    String run = r.substring(r.indexOf("# 2."));
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("java.class.path");
    Path launcher = tmp.resolve("geofusion");
    Files.writeString(launcher, "#!/bin/sh\nexec '" + java + "' -cp '" + cp + "' "
        + GeoFusionCommand.class.getName() + " \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    String script = "CP='" + cp + "'\n"
        + run.replace("bin/geofusion", launcher.toString())
        + "echo \"namespace: $NS\"\n";
    Process p = new ProcessBuilder("bash", "-c", script).directory(Path.of("..").toFile())
        .redirectErrorStream(true).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the recipe finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("PING 198.18.9.9: ").contains("ok admin-prohibited")
        .contains("198.18.2.1 sent admin_prohibited (ICMP type 3 code 13)").contains("exit 3")
        .contains("bye");
    String ns = out.lines().filter(l -> l.startsWith("namespace: ")).findFirst().orElseThrow()
        .substring("namespace: ".length()).strip();
    assertThat(ns).startsWith("gfprobe-");
    Process list = new ProcessBuilder("ip", "netns", "list").start();
    assertThat(list.waitFor(10, TimeUnit.SECONDS)).isTrue();
    List<String> left = new String(list.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8).lines().map(l -> l.split(" ")[0]).toList();
    assertThat(left).as("quit deletes the namespace").doesNotContain(ns);
  }
}
