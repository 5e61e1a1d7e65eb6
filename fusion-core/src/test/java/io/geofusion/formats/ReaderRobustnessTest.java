package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.testing.Seeds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad input never escapes as anything but a reported problem or an {@link IOException}: seeded
 * byte-level mutations of every fixture (seed printed on failure). {@link ReaderFuzzTest} checks
 * the same contract with Jazzer.
 */
@ExtendWith(Seeds.class)
class ReaderRobustnessTest {

  private static final List<String> FIXTURES = List.of("ripe-mixed.jsonl", "ripe-array.json",
      "ripe-array-broken.json", "mtr-unknown-hop.json", "scamper-ping.jsonl",
      "ping-two-runs.txt", "traceroute-flags.txt", "tracepath-n.txt", "traceroute-verdicts.txt",
      "tracepath-verdicts.txt");

  /** Reads everything; returns normally or throws IOException, never anything else. */
  static long readAll(byte[] data) throws IOException {
    long n = 0;
    try (MeasurementReader r = MeasurementReader.open(new ByteArrayInputStream(data), "fuzz",
        p -> assertThat(p.line()).isPositive())) {
      for (Measurement m : r) {
        assertThat(m.line()).isPositive();
        n++;
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return n;
  }

  @Test
  void read_seededMutationsOfEveryFixture_neverThrowUnexpectedly() throws IOException {
    long seed = Seeds.seed();
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] alphabet = "{}[]\":,0123456789.-*!() \n\tabcxyzPINGtraceroute/ms".getBytes();
    for (String name : FIXTURES) {
      byte[] original = Files.readAllBytes(Fixtures.path(name));
      for (int round = 0; round < 150; round++) {
        byte[] data = original.clone();
        int edits = 1 + rnd.nextInt(8);
        List<String> log = new ArrayList<>();
        for (int e = 0; e < edits && data.length > 0; e++) {
          int at = rnd.nextInt(data.length);
          switch (rnd.nextInt(3)) {
            case 0 -> data[at] = alphabet[rnd.nextInt(alphabet.length)];
            case 1 -> data = java.util.Arrays.copyOf(data, at); // truncate
            default -> {
              byte[] longer = new byte[data.length + 1];
              System.arraycopy(data, 0, longer, 0, at);
              longer[at] = alphabet[rnd.nextInt(alphabet.length)];
              System.arraycopy(data, at, longer, at + 1, data.length - at);
              data = longer;
            }
          }
          log.add(String.valueOf(at));
        }
        try {
          readAll(data);
        } catch (IOException expected) {
          // not a measurement file any more, or truncated: a clean, typed failure
        } catch (RuntimeException | AssertionError e) {
          throw new AssertionError("seed " + seed + ", fixture " + name + ", round " + round
              + ", edits at " + log + ": " + e, e);
        }
      }
    }
  }
}
