package io.geofusion.pcap;

import static io.geofusion.pcap.Fixtures.etherIp;
import static io.geofusion.pcap.Fixtures.ipv4;
import static io.geofusion.pcap.Fixtures.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CaptureReaderTest {

  private static final byte[] P1 = etherIp(ipv4("192.0.2.1", "198.51.100.2", 17, udp(1, 2, 3)));
  private static final byte[] P2 = etherIp(ipv4("192.0.2.3", "198.51.100.4", 17, udp(5, 6, 70)));
  private static final long T1 = 1_700_000_000_123_456_789L;

  static CaptureReader reader(byte[] bytes) throws IOException {
    return CaptureReader.open(new ByteArrayInputStream(bytes), "mem.pcap",
        CaptureReader.Options.DEFAULTS);
  }

  /** Reads every packet: list of {timestamp, captured, original, link, iface}. */
  static List<long[]> readAll(byte[] bytes) throws IOException {
    List<long[]> out = new ArrayList<>();
    try (CaptureReader r = reader(bytes)) {
      for (CapturedPacket p = r.next(); p != null; p = r.next()) {
        out.add(new long[] {p.timestampNanos(), p.capturedLength(), p.originalLength(),
            p.linkType(), p.interfaceId()});
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"BIG_ENDIAN", "LITTLE_ENDIAN"})
  void next_classicMicrosecondsBothByteOrders_readsPacketsAndTimestamps(String orderName)
      throws IOException {
    ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN
        : ByteOrder.LITTLE_ENDIAN;
    byte[] file = new Fixtures.Pcap(order, false, 1).add(T1, P1).add(T1 + 5_000, P2, 1500)
        .bytes();
    try (CaptureReader r = reader(file)) {
      assertThat(r.format()).isEqualTo(CaptureFormat.PCAP_MICROS);
      assertThat(r.bigEndian()).isEqualTo(order == ByteOrder.BIG_ENDIAN);
      CapturedPacket p = r.next();
      assertThat(p.timestampNanos()).isEqualTo(T1 / 1000 * 1000);
      assertThat(p.copyData()).isEqualTo(P1);
      assertThat(p.fileOffset()).isEqualTo(24);
      p = r.next();
      assertThat(p.timestampNanos()).isEqualTo((T1 + 5_000) / 1000 * 1000);
      assertThat(p.originalLength()).isEqualTo(1500);
      assertThat(p.index()).isEqualTo(1);
      assertThat(r.next()).isNull();
      assertThat(r.position()).isEqualTo(file.length);
    }
  }

  @Test
  void next_classicNanoseconds_keepsNanoseconds() throws IOException {
    byte[] file = new Fixtures.Pcap(ByteOrder.BIG_ENDIAN, true, 1).add(T1, P1).bytes();
    try (CaptureReader r = reader(file)) {
      assertThat(r.format()).isEqualTo(CaptureFormat.PCAP_NANOS);
      assertThat(r.next().timestampNanos()).isEqualTo(T1);
    }
  }

  @Test
  void next_pcapngSectionsOfBothByteOrdersAndInterfaces_readsAllWithPerInterfaceResolution()
      throws IOException {
    long tsMicros = T1 / 1000;
    byte[] file = new Fixtures.Pcapng()
        .section(ByteOrder.LITTLE_ENDIAN)
        .iface(1, 65535, -1, 0) // µs default
        .iface(113, 65535, 9, 0) // ns
        .block(0x0BAD, new byte[] {1, 2, 3, 4, 5}) // unknown: skipped by length
        .epb(0, tsMicros, P1)
        .epb(1, T1, Fixtures.sll(0x0800, ipv4("192.0.2.1", "192.0.2.9", 17, udp(7, 8, 0))))
        .section(ByteOrder.BIG_ENDIAN)
        .iface(1, 65535, 0x80 | 20, 10) // 2^-20 s units, +10 s offset
        .epb(0, (3L << 20) | (1L << 19), P2) // 3.5 s
        .spb(P1)
        .pb(0, (1L << 20), P2)
        .bytes();
    List<long[]> got = readAll(file);
    assertThat(got).hasSize(5);
    assertThat(got.get(0)).containsExactly(tsMicros * 1000, P1.length, P1.length, 1, 0);
    assertThat(got.get(1)[0]).isEqualTo(T1);
    assertThat(got.get(1)[3]).isEqualTo(113);
    assertThat(got.get(1)[4]).isEqualTo(1);
    assertThat(got.get(2)[0]).isEqualTo(13_500_000_000L);
    assertThat(got.get(3)[0]).isEqualTo(CapturedPacket.NO_TIMESTAMP);
    assertThat(got.get(3)[1]).isEqualTo(P1.length);
    assertThat(got.get(4)[0]).isEqualTo(11_000_000_000L);
    try (CaptureReader r = reader(file)) {
      while (r.next() != null) {
        // drain
      }
      assertThat(r.sections()).isEqualTo(2);
      assertThat(r.bigEndian()).isTrue();
    }
  }

  @Test
  void toNanos_binaryAndDecimalResolutions_convertExactly() {
    assertThat(PcapngReader.toNanos(1_500, 3, false, 0)).isEqualTo(1_500_000_000L);
    assertThat(PcapngReader.toNanos(123_456_789_012L, 12, false, 0)).isEqualTo(123_456_789L);
    assertThat(PcapngReader.toNanos(5, 0, true, 0)).isEqualTo(5_000_000_000L);
    assertThat(PcapngReader.toNanos((7L << 32) | (1L << 31), 32, true, 0))
        .isEqualTo(7_500_000_000L);
    assertThat(PcapngReader.toNanos(1L << 62, 63, true, 1)).isEqualTo(1_500_000_000L);
  }

  @Test
  void open_zstdCompressed_namesZstd() {
    byte[] zstd = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0x04, 0x58, 0, 0};
    assertThatThrownBy(() -> reader(zstd)).isInstanceOf(NotACaptureException.class)
        .hasMessageContaining("mem.pcap").hasMessageContaining("zstd")
        .satisfies(e -> assertThat(((NotACaptureException) e).detectedKind()).contains("zstd"));
  }

  @Test
  void open_solarisSnoop_namesSnoop() {
    byte[] snoop = "snoop\0\0\0\0\0\0\2\0\0\0\4".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> reader(snoop)).isInstanceOf(NotACaptureException.class)
        .hasMessageContaining("Solaris snoop");
  }

  @Test
  void open_textFile_namesText() {
    byte[] text = "hello, this is not a capture\n".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> reader(text)).isInstanceOf(NotACaptureException.class)
        .hasMessageContaining("a text file").hasMessageContaining("hello");
  }

  @Test
  void open_emptyAndGzip_areNamed() {
    assertThatThrownBy(() -> reader(new byte[0])).isInstanceOf(NotACaptureException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> reader(new byte[] {0x1F, (byte) 0x8B, 8, 0, 0}))
        .isInstanceOf(TruncatedCaptureException.class).hasMessageContaining("gzip");
  }

  @Test
  void open_gzipCompressedCapture_inflatesWhileStreaming() throws IOException {
    byte[] file = new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, true, 1).add(T1, P1).add(T1, P2)
        .bytes();
    java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(z)) {
      g.write(file);
    }
    assertThat(readAll(z.toByteArray())).hasSize(2);
    byte[] cut = Arrays.copyOf(z.toByteArray(), z.size() - 12);
    assertThatThrownBy(() -> readAll(cut)).isInstanceOf(TruncatedCaptureException.class)
        .hasMessageContaining("gzip");
  }

  @Test
  void open_headerOnly_hasNoPackets() throws IOException {
    byte[] file = new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1).bytes();
    assertThat(readAll(file)).isEmpty();
  }

  @Test
  void next_classicCutAtEveryByte_yieldsCompletePacketsThenNamesOffset() throws IOException {
    byte[] file = new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1).add(T1, P1).add(T1, P2)
        .bytes();
    int secondRecord = 24 + 16 + P1.length;
    for (int cut = 24 + 1; cut < file.length; cut++) {
      if (cut == secondRecord) {
        continue; // a cut on a record boundary is a complete, shorter capture
      }
      byte[] part = Arrays.copyOf(file, cut);
      List<long[]> got = new ArrayList<>();
      int at = cut;
      assertThatThrownBy(() -> {
        try (CaptureReader r = reader(part)) {
          for (CapturedPacket p = r.next(); p != null; p = r.next()) {
            got.add(new long[] {p.capturedLength()});
          }
        }
      }).as("cut at %d", at).isInstanceOf(TruncatedCaptureException.class)
          .satisfies(e -> assertThat(((CaptureException) e).offset())
              .isEqualTo(at < secondRecord ? 24 : secondRecord));
      assertThat(got).hasSize(cut < secondRecord ? 0 : 1);
    }
  }

  @Test
  void next_pcapngCut_yieldsCompletePacketsThenNamesBlockOffset() throws IOException {
    Fixtures.Pcapng ng = new Fixtures.Pcapng().section(ByteOrder.LITTLE_ENDIAN)
        .iface(1, 65535, -1, 0).epb(0, 1, P1);
    int second = ng.bytes().length;
    byte[] file = ng.epb(0, 2, P2).bytes();
    byte[] part = Arrays.copyOf(file, file.length - 7);
    List<long[]> got = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (CaptureReader r = reader(part)) {
        for (CapturedPacket p = r.next(); p != null; p = r.next()) {
          got.add(new long[] {p.capturedLength()});
        }
      }
    }).isInstanceOf(TruncatedCaptureException.class)
        .hasMessageContaining("at byte offset " + second);
    assertThat(got).hasSize(1);
  }

  @Test
  void next_afterFailure_throwsSameAgain() throws IOException {
    byte[] file = new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1).add(T1, P1).bytes();
    try (CaptureReader r = reader(Arrays.copyOf(file, file.length - 1))) {
      IOException first = null;
      try {
        r.next();
      } catch (IOException e) {
        first = e;
      }
      IOException again = first;
      assertThat(first).isInstanceOf(TruncatedCaptureException.class);
      assertThatThrownBy(r::next).isSameAs(again);
    }
  }

  @Test
  void next_classicClaimsHugeCapturedLength_rejectsWithoutAllocating() throws IOException {
    byte[] file = new Fixtures.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1).add(T1, P1).bytes();
    ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 0x7FFF_FFF0);
    try (CaptureReader r = reader(file)) {
      assertThatThrownBy(r::next).isInstanceOf(CorruptCaptureException.class)
          .hasMessageContaining("at byte offset 24").hasMessageContaining("cap");
    }
  }

  @Test
  void next_pcapngUnknownBlockClaimingGigabytes_isSkippedByStreamingThenTruncated()
      throws IOException {
    byte[] head = new Fixtures.Pcapng().section(ByteOrder.LITTLE_ENDIAN).iface(1, 0, -1, 0)
        .epb(0, 1, P1).bytes();
    ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(0x0BAD).putInt(0x7FFF_FFF0).putLong(0);
    byte[] file = Fixtures.concat(head, huge.array());
    List<long[]> got = new ArrayList<>();
    assertThatThrownBy(() -> {
      try (CaptureReader r = reader(file)) {
        for (CapturedPacket p = r.next(); p != null; p = r.next()) {
          got.add(new long[] {p.capturedLength()});
        }
      }
    }).isInstanceOf(TruncatedCaptureException.class)
        .hasMessageContaining("at byte offset " + head.length);
    assertThat(got).hasSize(1);
  }

  @Test
  void next_pcapngBadBlockLength_isCorruptWithOffset() throws IOException {
    byte[] file = new Fixtures.Pcapng().section(ByteOrder.BIG_ENDIAN).iface(1, 0, -1, 0)
        .epb(0, 1, P1).bytes();
    int epbAt = new Fixtures.Pcapng().section(ByteOrder.BIG_ENDIAN).iface(1, 0, -1, 0).bytes()
        .length;
    ByteBuffer.wrap(file).putInt(epbAt + 4, 13);
    try (CaptureReader r = reader(file)) {
      assertThatThrownBy(r::next).isInstanceOf(CorruptCaptureException.class)
          .hasMessageContaining("at byte offset " + epbAt).hasMessageContaining("multiple of 4");
    }
  }

  @Test
  void next_packetOnUndescribedInterface_isCorrupt() throws IOException {
    byte[] file = new Fixtures.Pcapng().section(ByteOrder.LITTLE_ENDIAN).iface(1, 0, -1, 0)
        .epb(3, 1, P1).bytes();
    try (CaptureReader r = reader(file)) {
      assertThatThrownBy(r::next).isInstanceOf(CorruptCaptureException.class)
          .hasMessageContaining("interface 3");
    }
  }

  @Test
  void next_streamReturningOneByteAtATime_readsTheSame() throws IOException {
    byte[] file = new Fixtures.Pcapng().section(ByteOrder.BIG_ENDIAN).iface(1, 0, 9, 0)
        .epb(0, T1, P1).epb(0, T1 + 1, P2).bytes();
    InputStream trickle = new ByteArrayInputStream(file) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1));
      }
    };
    try (CaptureReader r = CaptureReader.open(trickle, "trickle", CaptureReader.Options.DEFAULTS)) {
      assertThat(r.next().copyData()).isEqualTo(P1);
      assertThat(r.next().timestampNanos()).isEqualTo(T1 + 1);
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void open_realFileCutIntoTempDir_readsPrefixAndNamesFileAndOffset(@TempDir Path dir)
      throws IOException {
    byte[] file = new Fixtures.Pcap(ByteOrder.BIG_ENDIAN, false, 1).add(T1, P1).add(T1, P2)
        .add(T1, P1).bytes();
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, Arrays.copyOf(file, file.length - 3));
    CaptureSummary s = CaptureAnalyzer.builder().build().analyze(cut);
    assertThat(s.packets()).isEqualTo(2);
    assertThat(s.complete()).isFalse();
    assertThat(s.error().orElseThrow()).contains(cut.toString())
        .contains("at byte offset " + (24 + 2 * 16 + P1.length + P2.length));
  }

  @Test
  void options_invalidCaps_rejected() {
    assertThatThrownBy(() -> new CaptureReader.Options(10, 1 << 20, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPacketBytes");
  }
}
