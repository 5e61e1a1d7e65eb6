package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --html FILE} without a browser: written beside the usual output, or a one-line error. */
class HtmlOptionTest {

  @Test
  void triangulate_html_keepsTheTableAndWritesTheMap(@TempDir Path dir) throws IOException {
    DemoData.write(dir, 20261126L);
    Path html = dir.resolve("t.html");
    CliRun r = CliRun.of("triangulate", "--input", dir.resolve("groundtruth.ndjson").toString(),
        "--html", html.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("target ");
    assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>")
        .contains("geofusion triangulate");
  }

  @Test
  void geoPath_htmlIntoAMissingFolder_isOneLineFailure(@TempDir Path dir) throws IOException {
    DemoData.write(dir, 20261126L);
    Path html = dir.resolve("missing").resolve("g.html");
    CliRun r = CliRun.of("geo-path", "--input", dir.resolve("traceroute.json").toString(),
        "--html", html.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    String[] lines = r.err().strip().split("\n");
    assertThat(lines[lines.length - 1]).contains(html.toString(), "cannot write the HTML map",
        "does not exist").doesNotContain("Exception").doesNotContain(".tmp");
  }
}
