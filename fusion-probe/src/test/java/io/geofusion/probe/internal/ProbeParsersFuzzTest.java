package io.geofusion.probe.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;

/**
 * Jazzer fuzz targets for what this package reads from the network and from tools. In a normal
 * test run they replay their seed inputs (regression mode); {@code JAZZER_FUZZ=1} fuzzes them.
 * The property: malformed input never throws (decoders return empty/absent instead).
 */
class ProbeParsersFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void icmpDecoder_anyBytes_neverThrows(FuzzedDataProvider data) throws Exception {
    boolean v6 = data.consumeBoolean();
    byte[] p = data.consumeRemainingAsBytes();
    if (v6) {
      IcmpDecoder.decodeV6(p, p.length, InetAddress.getLoopbackAddress());
    } else {
      IcmpDecoder.decodeV4(p, p.length);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void systemToolParser_anyText_neverThrows(FuzzedDataProvider data) {
    int queries = data.consumeInt(1, 10);
    String text = data.consumeRemainingAsString();
    SystemToolParser.parseTraceroute(text, queries);
    SystemToolParser.parsePing(text, queries);
  }
}
