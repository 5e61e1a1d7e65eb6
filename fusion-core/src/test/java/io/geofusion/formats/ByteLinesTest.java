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
      byte[] data = new byte[rnd.nextInt(200)];
      for (int i = 0; i < data.length; i++) {
        data[i] = alphabet[rnd.nextInt(alphabet.length)];
      }
      int buffer = 1 + rnd.nextInt(16);
      int maxRead = 1 + rnd.nextInt(8);
      assertThat(viaByteLines(data, buffer, maxRead, rnd))
          .as("round %d: %s, buffer %d", round, Arrays.toString(data), buffer)
          .isEqualTo(viaReadLine(data));
    }
  }

  private static List<String> viaByteLines(byte[] data, int buffer, int maxRead,
      SplittableRandom rnd) throws IOException {
    InputStream trickle = new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + rnd.nextInt(maxRead)));
      }
    };
    ByteLines lines = new ByteLines(trickle, "t", buffer);
    List<String> out = new ArrayList<>();
    while (lines.next()) {
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
