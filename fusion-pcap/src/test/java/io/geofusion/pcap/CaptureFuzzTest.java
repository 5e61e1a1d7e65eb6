package io.geofusion.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzing of the reader, decoder and flow tracker together: whatever the bytes, the only
 * failures are the documented {@link CaptureException} types, and the reader's buffer never
 * grows beyond what the configured caps allow.
 *
 * <p>In a normal {@code mvn test} Jazzer runs in regression mode (the empty input and any
 * stored findings), and {@link #readAndDecode_generatedSeeds_onlyDocumentedFailures} runs the
 * target over seeds built by {@link Fixtures}. {@code JAZZER_FUZZ=1} fuzzes for real, bounded
 * by {@code maxDuration}; the seeds are then written into Jazzer's generated-corpus folder
 * {@code .cifuzz-corpus/io.geofusion.pcap.CaptureFuzzTest/readAndDecode/} first (nothing from
 * {@code ../shared/data} is copied anywhere).
 */
class CaptureFuzzTest {

  static final CaptureReader.Options CAPS = new CaptureReader.Options(4096, 64 * 1024, 64);

  @BeforeAll
  static void seedCorpusWhenFuzzing() throws IOException {
    if (!"1".equals(System.getenv("JAZZER_FUZZ"))) {
      return;
    }
    Path root = Path.of(".cifuzz-corpus");
    Path corpus = root.resolve(CaptureFuzzTest.class.getName()).resolve("readAndDecode");
    Files.createDirectories(corpus);
    Files.writeString(root.resolve(".gitignore"), "*\n"); // generated: never committed
    List<byte[]> seeds = seeds();
    for (int i = 0; i < seeds.size(); i++) {
      Files.write(corpus.resolve("seed-" + i), seeds.get(i));
    }
  }

  @FuzzTest(maxDuration = "60s")
  void readAndDecode(byte[] data) {
    target(data);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void readAndDecode_generatedSeeds_onlyDocumentedFailures(byte[] data) {
    target(data);
    // and every one-byte corruption and every prefix of it
    Random rnd = new Random(data.length);
    for (int i = 0; i < 64 && data.length > 0; i++) {
      byte[] m = data.clone();
      m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
      target(m);
      target(java.util.Arrays.copyOf(data, rnd.nextInt(data.length)));
    }
  }

  static void target(byte[] data) {
    try (CaptureReader r = CaptureReader.open(new ByteArrayInputStream(data), "fuzz", CAPS)) {
      DecodedPacket d = new DecodedPacket();
      for (CapturedPacket p = r.next(); p != null; p = r.next()) {
        assertThat(p.capturedLength()).isBetween(0, CAPS.maxPacketBytes());
        assertThat(p.offset() + p.capturedLength()).isLessThanOrEqualTo(p.array().length);
        PacketDecoder.decode(p, d);
      }
      assertThat(r.bufferCapacity()).isLessThanOrEqualTo(CaptureReader.memoryBound(CAPS));
    } catch (CaptureException expected) {
      assertThat(expected.getMessage()).contains("fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException("only CaptureException may escape for in-memory input", e);
    }
    try {
      CaptureSummary s = CaptureAnalyzer.builder().readerOptions(CAPS).maxFlows(256)
          .maxSamplesPerHost(64).build().analyze(new ByteArrayInputStream(data), "fuzz", null);
      assertThat(s.flowCount()).isLessThanOrEqualTo(256);
    } catch (CaptureException expected) {
      // not a capture at all, or a bad file header: documented
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Small captures of every supported shape, written by our own fixture code. */
  static List<byte[]> seeds() {
    List<byte[]> out = new ArrayList<>();
    long t = 1_700_000_000_000_000_000L;
    byte[] syn = Fixtures.tcp4ts("10.0.0.1", 40000, "192.0.2.1", 443, 7, 0, Fixtures.SYN, 1, 0);
    byte[] synAck = Fixtures.tcp4ts("192.0.2.1", 443, "10.0.0.1", 40000, 9, 8, Fixtures.SYNACK,
        5, 1);
    byte[] ack = Fixtures.tcp4("10.0.0.1", 40000, "192.0.2.1", 443, 8, 10, Fixtures.ACK);
    byte[] v6 = Fixtures.ipv6("2001:db8::1", "2001:db8::2", 17, Fixtures.udp(53, 53, 4),
        Fixtures.ext8(0), Fixtures.frag6(0, true));
    byte[] icmp = Fixtures.etherIp(Fixtures.ipv4("10.0.0.1", "10.0.0.2", 1,
        Fixtures.icmpEcho(8, 1, 1)));
    for (ByteOrder o : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      out.add(new Fixtures.Pcap(o, false, LinkTypes.ETHERNET).add(t, syn).add(t + 1000, synAck)
          .add(t + 2000, ack).add(t + 3000, icmp).bytes());
      out.add(new Fixtures.Pcap(o, true, LinkTypes.RAW).add(t, v6).bytes());
      out.add(new Fixtures.Pcap(o, false, LinkTypes.LINUX_SLL)
          .add(t, Fixtures.sll(0x86DD, v6)).bytes());
      out.add(new Fixtures.Pcap(o, false, LinkTypes.NULL)
          .add(t, Fixtures.nullLoop(30, o, v6)).bytes());
      out.add(new Fixtures.Pcapng().section(o).iface(LinkTypes.ETHERNET, 0, 9, 0)
          .iface(LinkTypes.LINUX_SLL2, 128, 0x80 | 20, 5)
          .epb(0, t, syn).epb(1, 99, Fixtures.sll2(0x0800, Fixtures.ipv4("10.0.0.1",
              "10.0.0.2", 17, Fixtures.udp(1, 2, 3)))).spb(synAck).pb(0, t, ack)
          .block(0x0BAD, new byte[] {1, 2, 3}).bytes());
    }
    out.add(Fixtures.concat(new Fixtures.Pcapng().section(ByteOrder.LITTLE_ENDIAN)
        .iface(1, 0, -1, 0).epb(0, 1, syn).bytes(), new Fixtures.Pcapng()
        .section(ByteOrder.BIG_ENDIAN).iface(LinkTypes.IPV4, 0, -1, 0)
        .epb(0, 2, Fixtures.ipv4("10.0.0.1", "10.0.0.2", 6, Fixtures.tcp(1, 2, 3, 4, 2, 0)))
        .bytes()));
    out.add(new byte[0]);
    return out;
  }
}
