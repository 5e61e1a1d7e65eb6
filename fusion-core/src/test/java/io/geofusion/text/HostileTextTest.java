package io.geofusion.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Line limits, Jackson's internals kept out of messages, files named in I/O errors. */
class HostileTextTest {

  @TempDir Path dir;

  @Test
  void readLine_lineLongerThanTheLimit_failsNamingInputLineAndProperty() {
    System.setProperty("geofusion.limit.lineBytes", "100");
    try {
      TextLines r = TextLines.of(new ByteArrayInputStream(("ok\n" + "x".repeat(1000) + "\n")
          .getBytes(StandardCharsets.UTF_8)), "in.jsonl");
      assertThatThrownBy(() -> {
        r.readLine();
        r.readLine();
      }).isInstanceOf(TextLines.LineTooLongException.class)
          .hasMessageStartingWith("in.jsonl:2: line longer than 100 bytes")
          .hasMessageContaining("-Dgeofusion.limit.lineBytes");
    } finally {
      System.clearProperty("geofusion.limit.lineBytes");
    }
  }

  @Test
  void lineLimitReader_endlessLine_failsBeforeTheHeapDoes() {
    System.setProperty("geofusion.limit.lineBytes", "1000");
    try {
      java.io.BufferedReader r = new java.io.BufferedReader(new LineLimitReader(
          new StringReader("a\nb\n" + "z".repeat(100_000)), "zero"));
      assertThatThrownBy(() -> {
        while (r.readLine() != null) {
          // read on
        }
      }).isInstanceOf(TextLines.LineTooLongException.class).hasMessageStartingWith("zero:3:");
    } finally {
      System.clearProperty("geofusion.limit.lineBytes");
    }
  }

  @Test
  void jsonProblem_hugeString_doesNotLeakJacksonInternals() {
    String line = "{\"a\":\"" + "x".repeat(21_000_000) + "\"}";
    assertThatThrownBy(() -> TextLines.readOneJson(line))
        .isInstanceOf(JsonProcessingException.class)
        .satisfies(e -> assertThat(TextLines.jsonProblem((JsonProcessingException) e))
            .doesNotContain("StreamReadConstraints").contains("exceeds the maximum"));
  }

  @Test
  void named_ioErrorWithoutAFile_namesTheTarget() {
    Path target = dir.resolve("out.jsonl");
    IOException e = AtomicFile.named(target, new IOException("No space left on device"));
    assertThat(e.getMessage()).isEqualTo(target + ": No space left on device");
  }

  /**
   * A real full disk: an 8 KiB tmpfs mounted in the test's folder (needs root; skipped with the
   * reason otherwise). Writing through {@link AtomicFile#stream()}, as {@code guardrail --out}
   * does, said only "No space left on device".
   */
  @Test
  void stream_diskFull_namesTheTargetAndLeavesNothing() throws Exception {
    Path mnt = Files.createDirectory(dir.resolve("tiny"));
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8k",
        "geofusion-test-tiny", mnt.toString()).redirectErrorStream(true).start();
    boolean mounted = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    Assumptions.assumeTrue(mounted, "mounting an 8 KiB tmpfs (a real full disk) needs root");
    try {
      Path target = mnt.resolve("out.jsonl");
      byte[] line = "0123456789abcdef0123456789abcdef\n".getBytes(StandardCharsets.US_ASCII);
      try (AtomicFile f = AtomicFile.create(target)) {
        assertThatThrownBy(() -> {
          for (int i = 0; i < 100_000; i++) {
            f.stream().write(line);
          }
          f.commit();
        }).hasMessage(target + ": No space left on device");
      }
      try (var files = Files.list(mnt)) {
        assertThat(files).isEmpty();
      }
    } finally {
      new ProcessBuilder("umount", mnt.toString()).start().waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void create_directoryAsTarget_saysSo() {
    assertThatThrownBy(() -> AtomicFile.create(dir)).hasMessageContaining("is a directory");
  }

  @Test
  void create_symlinkAtTarget_isReplacedNotWrittenThrough() throws IOException {
    Path victim = Files.writeString(dir.resolve("victim"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("out"), victim);
    AtomicFile.writeString(link, "new");
    assertThat(Files.readString(victim)).isEqualTo("keep");
    assertThat(Files.isSymbolicLink(link)).isFalse();
    assertThat(Files.readString(link)).isEqualTo("new");
  }
}
