package io.geofusion.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every real capture under {@code ../shared/data} is read without an unhandled exception, and
 * the packet count equals the {@code MANIFEST.tsv} figure (from capinfos) for every file whose
 * container format the reader supports.
 */
class RealCapturesTest {

  static final List<String> DIRS = List.of("tcpdump-tests", "pcapplusplus-tests", "pkts-tests",
      "zeek-traces", "npm-pcap-parser");

  static Path sharedData() {
    String p = System.getProperty("geofusion.shared.data");
    Path dir = p == null ? null : Path.of(p);
    Assumptions.assumeTrue(dir != null && Files.isDirectory(dir.resolve("pkts-tests")),
        "shared data absent (system property geofusion.shared.data = " + p
            + "): real-capture checks skipped");
    return dir;
  }

  /** file path relative to the folder → packets, for rows whose format we support. */
  static Map<Path, Long> manifest(Path folder) throws IOException {
    Map<Path, Long> out = new LinkedHashMap<>();
    Path m = folder.resolve("MANIFEST.tsv");
    if (!Files.exists(m)) {
      return out;
    }
    List<String> lines = Files.readAllLines(m, StandardCharsets.UTF_8);
    String[] head = lines.get(0).split("\t", -1);
    int fileCol = List.of(head).indexOf("file");
    int fmtCol = List.of(head).indexOf("file_format");
    int pktCol = List.of(head).indexOf("packets");
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split("\t", -1);
      if (!Set.of("pcap", "pcapng", "nsecpcap").contains(c[fmtCol])) {
        continue;
      }
      Path f = folder.resolve(c[fileCol]);
      if (!Files.exists(f)) {
        f = folder.resolve("pcaps").resolve(c[fileCol]); // tcpdump-tests keeps them in pcaps/
      }
      out.put(f, Long.parseLong(c[pktCol]));
    }
    return out;
  }

  static List<Path> allFiles(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> !f.startsWith(folder.resolve("expected-out")))
          .filter(f -> {
            String n = f.getFileName().toString();
            return !n.equals("MANIFEST.tsv") && !n.equals("TESTLIST") && !n.contains("LICENSE")
                && !n.equals("COPYING");
          })
          .sorted().toList();
    }
  }

  @Test
  void analyze_everyRealCapture_noUnhandledExceptionAndManifestCounts() throws IOException {
    Path data = sharedData();
    CaptureAnalyzer analyzer = CaptureAnalyzer.builder().build();
    List<String> problems = new ArrayList<>();
    int checked = 0;
    int files = 0;
    int notCaptures = 0;
    int stoppedEarly = 0;
    for (String d : DIRS) {
      Path folder = data.resolve(d);
      Map<Path, Long> expected = manifest(folder);
      for (Path f : allFiles(folder)) {
        files++;
        CaptureSummary s;
        try {
          s = analyzer.analyze(f);
        } catch (NotACaptureException e) {
          notCaptures++;
          if (expected.containsKey(f)) {
            problems.add(f + ": manifest says capture, reader says " + e.getMessage());
          }
          continue;
        } catch (CaptureException e) {
          problems.add(f + ": unexpected " + e);
          continue;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
          fail("unhandled exception on " + f, e);
          return;
        }
        if (!s.complete()) {
          stoppedEarly++;
        }
        Long want = expected.get(f);
        if (want != null) {
          checked++;
          if (want != s.packets()) {
            problems.add(f + ": manifest " + want + " packets, read " + s.packets()
                + s.error().map(e -> " (" + e + ")").orElse(""));
          }
        }
      }
    }
    System.out.printf("real captures: %d files, %d counts checked against manifests, %d not"
        + " captures, %d stopped early with a typed error%n", files, checked, notCaptures,
        stoppedEarly);
    assertThat(problems).as("problems").isEmpty();
    assertThat(checked).isGreaterThan(600);
  }
}
