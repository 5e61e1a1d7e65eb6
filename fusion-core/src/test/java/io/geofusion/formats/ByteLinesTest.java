package io.geofusion.formats;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.testing.Seeds;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ByteLines ends lines where BufferedReader.readLine ends them, whatever the buffer size and
 * however the stream hands out its bytes (lines and "\r\n" split across reads and refills).
 */
@ExtendWith(Seeds.class)
class ByteLinesTest {

  @Test
  void next_randomBytesAnyBufferAndReadSizes_givesReadLinesLines() throws IOException {
    SplittableRandom rnd = new SplittableRandom(Seeds.seed());
    byte[] alphabet = {'a', 'b', '{', '"', ' ', '\n', '\r', '\r', '\n', (byte) 0xC3, (byte) 0xA9};
    for (int round = 0; round < 2000; round++) {
      byte[] data = randomBytes(rnd, alphabet);
      int buffer = 1 + rnd.nextInt(16);
      int maxRead = 1 + rnd.nextInt(8);
      assertThat(viaByteLines(data, buffer, maxRead, rnd))
          .as("round %d: %s, buffer %d", round, Arrays.toString(data), buffer)
          .isEqualTo(viaReadLine(data));
    }
  }

  /** Lines longer than the record limit come out empty and flagged, the others as readLine's. */
  @Test
  void next_randomBytesWithARecordLimit_flagsExactlyTheLinesLongerThanIt() throws IOException {
    SplittableRandom rnd = new SplittableRandom(Seeds.seed());
    // ASCII, so a line's length in bytes is the length of readLine's string.
    byte[] alphabet = {'a', 'b', '{', ' ', '\n', '\r', '\r', '\n', '\t'};
    for (int round = 0; round < 2000; round++) {
      byte[] data = randomBytes(rnd, alphabet);
      int buffer = 1 + rnd.nextInt(16);
      int maxRead = 1 + rnd.nextInt(8);
      int recordMax = rnd.nextInt(20);
      List<String> expected = new ArrayList<>();
      for (String s : viaReadLine(data)) {
        expected.add(s.length() > recordMax ? TOO_LONG : s);
      }
      assertThat(viaByteLines(data, buffer, maxRead, recordMax, rnd))
          .as("round %d: %s, buffer %d, record limit %d", round, Arrays.toString(data), buffer,
              recordMax)
          .isEqualTo(expected);
    }
  }

  /**
   * A 20 MB line under a 64 KiB record limit is dropped as it streams by: the buffer never grows
   * past the limit (it grew to the whole line before), and the lines around it are intact.
   */
  @Test
  void next_lineFarLongerThanTheRecordLimit_isSkippedWithoutHoldingIt() throws IOException {
    int limit = 64 * 1024;
    byte[] data = ("first\r\n" + "x".repeat(20_000_000) + "\r\nlast").getBytes(
        StandardCharsets.US_ASCII);
    ByteLines lines = new ByteLines(new ByteArrayInputStream(data), "t", 1024, limit);
    List<String> out = new ArrayList<>();
    int largestBuffer = 0;
    while (lines.next()) {
      largestBuffer = Math.max(largestBuffer, lines.buffer().length);
      out.add(lines.tooLong() ? TOO_LONG
          : new String(lines.buffer(), lines.start(), lines.length(), StandardCharsets.US_ASCII));
    }
    assertThat(out).containsExactly("first", TOO_LONG, "last");
    assertThat(largestBuffer).isLessThanOrEqualTo(limit + 1);
  }

  /** Up to 200 bytes drawn from {@code alphabet}. */
  private static byte[] randomBytes(SplittableRandom rnd, byte[] alphabet) {
    byte[] data = new byte[rnd.nextInt(200)];
    for (int i = 0; i < data.length; i++) {
      data[i] = alphabet[rnd.nextInt(alphabet.length)];
    }
    return data;
  }

  private static final String TOO_LONG = "<longer than the record limit>";

  private static List<String> viaByteLines(byte[] data, int buffer, int maxRead,
      SplittableRandom rnd) throws IOException {
    return viaByteLines(data, buffer, maxRead, Long.MAX_VALUE, rnd);
  }

  private static List<String> viaByteLines(byte[] data, int buffer, int maxRead, long recordMax,
      SplittableRandom rnd) throws IOException {
    InputStream trickle = new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + rnd.nextInt(maxRead)));
      }
    };
    ByteLines lines = new ByteLines(trickle, "t", buffer, recordMax);
    List<String> out = new ArrayList<>();
    while (lines.next()) {
      if (lines.tooLong()) {
        assertThat(lines.length()).isZero();
        out.add(TOO_LONG);
        continue;
      }
      String s = new String(lines.buffer(), lines.start(), lines.length(), StandardCharsets.UTF_8);
      boolean ascii = s.chars().allMatch(c -> c < 0x80);
      assertThat(lines.ascii()).as("ascii flag of %s", s).isEqualTo(ascii);
      out.add(s);
    }
    return out;
  }

  private static List<String> viaReadLine(byte[] data) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(data),
        StandardCharsets.UTF_8));
    List<String> out = new ArrayList<>();
    for (String s = r.readLine(); s != null; s = r.readLine()) {
      out.add(s);
    }
    return out;
  }
}
