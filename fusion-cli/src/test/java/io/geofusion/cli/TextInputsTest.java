package io.geofusion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every command that reads a user's text file refuses one that is not UTF-8 in one line naming
 * the file and the line (it used to say "Input length = 1"). The bad byte is on line 2 of each
 * file; nothing is probed (the file fails before any target is used).
 */
class TextInputsTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "probe --targets FILE | 127.0.0.1",
      "geoip build --csv FILE OUT | network,latitude,longitude",
      "analyze --input PINGS --vantages FILE | id,lat,lon",
      "guardrail --input FILE | {}",
      "eval --input FILE | {\"target\":\"a\",\"vantages\":[]}",
      "triangulate --input FILE | {\"target\":\"a\",\"vantages\":[]}"})
  void latin1File_exits1NamingFileAndLine(String command, String firstLine) throws Exception {
    Path f = dir.resolve("input.txt");
    Files.write(f, (firstLine + "\nMontr\u00e9al\n").getBytes(StandardCharsets.ISO_8859_1));
    Path pings = Files.writeString(dir.resolve("pings.txt"),
        "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n");
    String[] args = command.replace("FILE", f.toString()).replace("OUT",
        dir.resolve("out.mmdb").toString()).replace("PINGS", pings.toString()).split(" ");
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains(f + ":2: not UTF-8 text").contains("iconv")
        .doesNotContain("Input length");
  }

  /**
   * A UTF-16 measurement file (with a byte-order mark, or ASCII text without one) is named as
   * UTF-16 with the command that converts it (issue 19: it was called "binary ... convert warts
   * files").
   */
  @ParameterizedTest
  @CsvSource({"UTF-16", "UTF-16LE", "UTF-16BE"})
  void utf16MeasurementFile_exits1SayingUtf16NotBinary(String charset) throws Exception {
    Path f = dir.resolve("pings.txt");
    Files.writeString(f, "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n"
        + "64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.05 ms\n",
        java.nio.charset.Charset.forName(charset));

    CliRun r = CliRun.of("probe", "--input", f.toString());

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err()).contains(f + ": UTF-16 text; convert it to UTF-8 first")
        .doesNotContain("binary").doesNotContain("warts");
  }
}
