package io.geofusion.bench;

import io.geofusion.pcap.CaptureAnalyzer;
import io.geofusion.pcap.CaptureReader;
import io.geofusion.pcap.CaptureSummary;
import io.geofusion.pcap.CapturedPacket;
import io.geofusion.pcap.DecodeStatus;
import io.geofusion.pcap.DecodedPacket;
import io.geofusion.pcap.PacketDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Capture decode throughput, in packets per second, over an in-memory synthetic capture of
 * {@value #PACKETS} Ethernet/IPv4 packets (TCP handshakes and data over 2,000 flows, average
 * ~620 bytes per packet, so 1 Mpkt/s ≈ 620 MB/s). Run with {@code -prof gc}: reading and
 * decoding allocate nothing per packet (the reader's flyweight over its buffer, the decoder's
 * reused {@link DecodedPacket}); the full analysis allocates only per flow and per RTT sample.
 *
 * <pre>
 * java -jar fusion-bench/target/benchmarks.jar PcapDecode -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 *
 * <p>{@link #main} reads a capture file once and prints its throughput; the comparison script
 * {@code fusion-bench/scripts/pcap-compare.sh} uses it against {@code tcpdump -r F -w /dev/null}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Thread)
public class PcapDecodeBenchmark {

  static final int PACKETS = 100_000;

  private byte[] capture;
  private final DecodedPacket decoded = new DecodedPacket();

  @Setup
  public void setup() {
    capture = synthetic(PACKETS, 42);
  }

  /** Framing only: every record read into the flyweight. */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public long read() throws IOException {
    long bytes = 0;
    try (CaptureReader r = open()) {
      for (CapturedPacket p = r.next(); p != null; p = r.next()) {
        bytes += p.capturedLength();
      }
    }
    return bytes;
  }

  /** Framing plus link, IP and transport decoding. */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public long readAndDecode() throws IOException {
    long ports = 0;
    try (CaptureReader r = open()) {
      for (CapturedPacket p = r.next(); p != null; p = r.next()) {
        if (PacketDecoder.decode(p, decoded) == DecodeStatus.OK) {
          ports += decoded.dstPort();
        }
      }
    }
    return ports;
  }

  /** The whole analysis: decoding, flow table, passive RTT, summary. */
  @Benchmark
  @OperationsPerInvocation(PACKETS)
  public CaptureSummary analyze() throws IOException {
    return CaptureAnalyzer.builder().build()
        .analyze(new ByteArrayInputStream(capture), "synthetic.pcap", null);
  }

  private CaptureReader open() throws IOException {
    return CaptureReader.open(new ByteArrayInputStream(capture), "synthetic.pcap",
        CaptureReader.Options.DEFAULTS);
  }

  /**
   * A classic little-endian pcap: flows of SYN, SYN/ACK, ACK then data segments (64–1,460 bytes
   * of payload), interleaved at random, 1 ms apart.
   */
  static byte[] synthetic(int packets, long seed) {
    Random rnd = new Random(seed);
    ByteBuffer b = ByteBuffer.allocate(24 + packets * (16 + 14 + 40 + 1460))
        .order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(65535).putInt(1);
    int flows = 2000;
    int[] stage = new int[flows];
    ByteBuffer f = ByteBuffer.allocate(14 + 40 + 1460);
    long t = 1_700_000_000_000_000L;
    for (int i = 0; i < packets; i++) {
      int flow = rnd.nextInt(flows);
      int st = stage[flow]++;
      boolean fromClient = st != 1 && (st < 3 || rnd.nextBoolean());
      int flags = st == 0 ? 0x02 : st == 1 ? 0x12 : st == 2 ? 0x10 : 0x18;
      int payload = st < 3 ? 0 : 64 + rnd.nextInt(1397);
      f.clear();
      f.put(new byte[] {0, 1, 2, 3, 4, 5, 0, 6, 7, 8, 9, 10}).putShort((short) 0x0800);
      int client = 0x0A00_0000 | flow;
      int server = 0xC633_6400 | (flow % 200);
      f.put((byte) 0x45).put((byte) 0).putShort((short) (40 + payload)).putInt(0)
          .put((byte) 64).put((byte) 6).putShort((short) 0)
          .putInt(fromClient ? client : server).putInt(fromClient ? server : client);
      int cport = 10_000 + flow;
      f.putShort((short) (fromClient ? cport : 443)).putShort((short) (fromClient ? 443 : cport))
          .putInt(fromClient ? 1000 + st : 5000 + st).putInt(st == 0 ? 0 : fromClient ? 5001 : 1001)
          .put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0);
      f.position(f.position() + payload);
      int len = f.position();
      t += 1000;
      b.putInt((int) (t / 1_000_000)).putInt((int) (t % 1_000_000)).putInt(len).putInt(len);
      b.put(f.array(), 0, len);
    }
    byte[] out = new byte[b.position()];
    System.arraycopy(b.array(), 0, out, 0, out.length);
    return out;
  }

  /**
   * Reads a capture file once: {@code read FILE} (framing only), {@code decode FILE} (framing
   * and decoding) or {@code analyze FILE}; prints packets, bytes, seconds and MB/s on stderr.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: PcapDecodeBenchmark read|decode|analyze FILE");
      System.exit(2);
    }
    Path file = Path.of(args[1]);
    long start = System.nanoTime();
    long packets = 0;
    long bytes = 0;
    if (args[0].equals("analyze")) {
      CaptureSummary s = CaptureAnalyzer.builder().build().analyze(file);
      packets = s.packets();
      bytes = s.capturedBytes();
    } else {
      DecodedPacket d = new DecodedPacket();
      boolean decode = args[0].equals("decode");
      try (CaptureReader r = CaptureReader.open(file)) {
        for (CapturedPacket p = r.next(); p != null; p = r.next()) {
          packets++;
          bytes += p.capturedLength();
          if (decode) {
            PacketDecoder.decode(p, d);
          }
        }
      }
    }
    double s = (System.nanoTime() - start) / 1e9;
    System.err.printf("%s: %,d packets, %,d bytes in %.2f s: %.0f MB/s, %.2f Mpkt/s%n", args[0],
        packets, bytes, s, bytes / s / 1e6, packets / s / 1e6);
  }
}
