package io.geofusion.probe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.formats.Measurement;
import io.geofusion.formats.MeasurementReader;
import io.geofusion.formats.PingMeasurement;
import io.geofusion.formats.TraceMeasurement;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The system backend's minimal readers agree with the {@code formats} readers for recorded
 * measurements on the text both accept. The backend keeps its own reader for what only it needs:
 * {@code traceroute -e} MPLS annotations and ping replies indexed by {@code icmp_seq}.
 */
class SystemToolParserCrossCheckTest {

  private static Measurement read(String text) throws Exception {
    try (MeasurementReader r = MeasurementReader.open(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "sample", null)) {
      return r.read();
    }
  }

  @Test
  void parseTraceroute_sameHopsAsFormatsReader() throws Exception {
    String text = """
        traceroute to 198.18.9.9 (198.18.9.9), 30 hops max, 60 byte packets
         1  198.18.1.1  1.021 ms  1.002 ms  0.998 ms
         2  10.20.30.1  235.113 ms * 235.204 ms
         3  * * *
         4  198.18.4.1  37.1 ms 198.18.4.2  37.4 ms !H  *
         5  198.18.9.9  39.101 ms  39.2 ms  39.3 ms
        """;
    TraceMeasurement m = (TraceMeasurement) read(text);
    assertThat(SystemToolParser.parseTraceroute(text, 3)).isEqualTo(m.path().hops());
  }

  @Test
  void parsePing_sameRttsAsFormatsReader() throws Exception {
    String text = """
        PING 198.18.9.9 (198.18.9.9) 56(84) bytes of data.
        64 bytes from 198.18.9.9: icmp_seq=1 ttl=64 time=39.3 ms
        64 bytes from 198.18.9.9: icmp_seq=2 ttl=64 time=40.1 ms
        64 bytes from 198.18.9.9: icmp_seq=3 ttl=64 time=39.5 ms

        --- 198.18.9.9 ping statistics ---
        3 packets transmitted, 3 received, 0% packet loss, time 2003ms
        rtt min/avg/max/mdev = 39.300/39.633/40.100/0.340 ms
        """;
    PingMeasurement m = (PingMeasurement) read(text);
    assertThat(SystemToolParser.parsePing(text, 3).rttsMs()).containsExactly(m.rttsMs());
  }
}
