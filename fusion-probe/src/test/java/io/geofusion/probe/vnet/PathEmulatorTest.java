package io.geofusion.probe.vnet;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.path.MplsLabel;
import io.geofusion.probe.internal.IcmpDecoder;
import io.geofusion.probe.internal.Packets;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emulator's decisions on packets, without a TUN device. */
class PathEmulatorTest {

  private static byte[] echo(String dst, int ttl, int seq) throws Exception {
    InetAddress s = InetAddress.getByName("198.18.0.1");
    InetAddress d = InetAddress.getByName(dst);
    return Packets.ip(s, d, Packets.PROTO_ICMP, ttl,
        Packets.icmp(s, d, 8, 0, (7 << 16) | seq, new byte[8]));
  }

  @Test
  void scenario_originArtifact_expectedRtts() {
    Scenario s = Scenario.load("origin-artifact");
    assertThat(s.hopRttMs(1)).isEqualTo(1.0);
    assertThat(s.hopRttMs(2)).isEqualTo(235.0);
    assertThat(s.hopRttMs(3)).isEqualTo(35.0);
    assertThat(s.destinationRttMs()).isEqualTo(39.0);
  }

  @Test
  void answer_ttl2_timeExceededFromPrivateHopAfterSpikeDelay() throws Exception {
    PathEmulator e = new PathEmulator(Scenario.load("origin-artifact"));
    byte[] p = echo("198.18.9.9", 2, 1);
    PathEmulator.Emission out = e.answer(p, p.length).orElseThrow();
    assertThat(out.delayNanos()).isEqualTo(235_000_000L);
    IcmpDecoder.Message m = IcmpDecoder.decodeV4(out.packet(), out.packet().length).orElseThrow();
    assertThat(m.from()).isEqualTo(InetAddress.getByName("10.20.30.1"));
    assertThat(m.timeExceeded(false)).isTrue();
    assertThat(m.quote().first()).isEqualTo(7);
    assertThat(m.quote().second()).isEqualTo(1);
  }

  @Test
  void answer_ttl3_carriesConfiguredMplsLabel() throws Exception {
    PathEmulator e = new PathEmulator(Scenario.load("origin-artifact"));
    byte[] p = echo("198.18.9.9", 3, 1);
    PathEmulator.Emission out = e.answer(p, p.length).orElseThrow();
    assertThat(IcmpDecoder.decodeV4(out.packet(), out.packet().length).orElseThrow().mpls())
        .containsExactly(new MplsLabel(24001, 0, true, 1));
  }

  @Test
  void answer_destinationEcho_echoReplyAfterFullPath() throws Exception {
    PathEmulator e = new PathEmulator(Scenario.load("origin-artifact"));
    byte[] p = echo("198.18.9.9", 64, 9);
    PathEmulator.Emission out = e.answer(p, p.length).orElseThrow();
    assertThat(out.delayNanos()).isEqualTo(39_000_000L);
    IcmpDecoder.Message m = IcmpDecoder.decodeV4(out.packet(), out.packet().length).orElseThrow();
    assertThat(m.type()).isZero();
    assertThat(m.echoSeq()).isEqualTo(9);
  }

  @Test
  void answer_otherDestinationOrSilentHop_nothing() throws Exception {
    PathEmulator e = new PathEmulator(Scenario.load("silent-middle"));
    byte[] other = echo("198.18.7.7", 64, 1);
    assertThat(e.answer(other, other.length)).isEmpty();
    byte[] silent = echo("198.18.9.9", 3, 1);
    assertThat(e.answer(silent, silent.length)).isEmpty();
  }

  @Test
  void answer_routingLoop_cyclesHopsForEver() throws Exception {
    Scenario s = Scenario.load("routing-loop");
    PathEmulator e = new PathEmulator(s);
    List<String> from = new java.util.ArrayList<>();
    for (int ttl = 1; ttl <= 7; ttl++) {
      byte[] p = echo("198.18.9.9", ttl, ttl);
      PathEmulator.Emission out = e.answer(p, p.length).orElseThrow();
      from.add(IcmpDecoder.decodeV4(out.packet(), out.packet().length).orElseThrow().from()
          .getHostAddress());
    }
    assertThat(from).containsExactly("198.18.1.1", "198.18.2.1", "198.18.3.1", "198.18.2.1",
        "198.18.3.1", "198.18.2.1", "198.18.3.1");
    assertThat(s.pathRttMs(5)).isEqualTo(10.0);
  }
}
