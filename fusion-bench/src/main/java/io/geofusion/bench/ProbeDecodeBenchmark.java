package io.geofusion.bench;

import io.geofusion.path.Hop;
import io.geofusion.path.MplsLabel;
import io.geofusion.probe.internal.AddressText;
import io.geofusion.probe.internal.IcmpDecoder;
import io.geofusion.probe.internal.Packets;
import io.geofusion.probe.internal.SystemToolParser;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-reply costs on the probing hot path: decoding an ICMP time-exceeded with an RFC 4950 MPLS
 * extension (what a raw-socket traceroute does for every reply), RFC 5952 address text, and
 * reading a 30-hop {@code traceroute -n -e} text (the system backend).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProbeDecodeBenchmark {

  byte[] timeExceeded;
  InetAddress v6;
  String tracerouteText;

  @Setup
  public void setup() throws Exception {
    InetAddress src = InetAddress.getByName("198.18.0.1");
    InetAddress dst = InetAddress.getByName("198.18.9.9");
    InetAddress router = InetAddress.getByName("10.20.30.1");
    byte[] probe = Packets.ip(src, dst, Packets.PROTO_UDP, 3,
        Packets.udp(src, dst, 40000, 33440, new byte[32]));
    byte[] icmp = Packets.icmpError(router, src, 11, 0, probe,
        List.of(new MplsLabel(24001, 0, true, 1)));
    timeExceeded = Packets.ip(router, src, Packets.PROTO_ICMP, 64, icmp);
    v6 = InetAddress.getByName("2001:db8:0:0:1:0:0:1");
    StringBuilder sb = new StringBuilder("traceroute to 198.18.9.9 (198.18.9.9), 30 hops max\n");
    for (int h = 1; h <= 30; h++) {
      sb.append(String.format(" %d  198.18.%d.1 <MPLS:L=%d,E=0,S=1,T=1>  %d.123 ms  %d.456 ms *%n",
          h, h, 16000 + h, h, h));
    }
    tracerouteText = sb.toString();
  }

  @Benchmark
  public Optional<IcmpDecoder.Message> decodeTimeExceededWithMpls() {
    return IcmpDecoder.decodeV4(timeExceeded, timeExceeded.length);
  }

  @Benchmark
  public String ipv6AddressText() {
    return AddressText.of(v6);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<Hop> parseTraceroute30Hops() {
    return SystemToolParser.parseTraceroute(tracerouteText, 3);
  }
}
