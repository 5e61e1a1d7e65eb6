package io.geofusion.geoip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.geo.LatLon;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain lookup in a database whose search tree loops is a corruption error, not a silent miss
 * (issue 19; {@code geoip verify} walks the whole tree, a lookup only its own path).
 */
class TreeLoopLookupTest {

  @TempDir Path dir;

  private Path database(int version) throws Exception {
    Path f = dir.resolve("o" + version + ".mmdb");
    MmdbWriter w = (version == 4 ? MmdbWriter.ipv4("GeoIP2-City")
        : MmdbWriter.ipv6("GeoIP2-City")).recordSize(24);
    // More networks on the left of the tree than opening probes, so that opening never walks
    // into the right half, where the loop is: only a lookup there meets it.
    for (int i = 0; i < 200; i++) {
      w.insert("10.0." + i + ".0/24", MmdbWriter.cityRecord(LatLon.of(52.37, 4.89), 5, "NL",
          null, "Amsterdam"));
    }
    w.write(f);
    return f;
  }

  /** Node 0's right record (bytes 3..5 with 24-bit records) points back at node 0. */
  private static void loopRootRight(Path f) throws Exception {
    byte[] b = Files.readAllBytes(f);
    b[3] = 0;
    b[4] = 0;
    b[5] = 0;
    Files.write(f, b);
  }

  @Test
  void locate_pathThatLoops_isCorruptionNotAMiss() throws Exception {
    Path f = database(4);
    loopRootRight(f);
    try (MaxMindGeoIpService s = MaxMindGeoIpService.open(f)) {
      // 255.255.255.255 turns right at every bit: back at the root after one step
      assertThatThrownBy(() -> s.locate(InetAddress.getByName("255.255.255.255")))
          .isInstanceOf(DatabaseCorruptException.class)
          .hasMessageContaining(f.toString())
          .hasMessageContaining("255.255.255.255 comes back to node 0 after 1 steps");
      // a path that does not pass through the loop still answers
      assertThat(s.locate(InetAddress.getByName("10.0.0.7"))).isPresent();
    }
  }

  /** The record of 24-bit-record node {@code node} on side {@code bit}. */
  private static int record(byte[] b, int node, int bit) {
    int o = node * 6 + bit * 3;
    return (b[o] & 0xFF) << 16 | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF);
  }

  /**
   * Below its first bits, 200.0.0.0/24 hangs from a chain of nodes whose other side is empty.
   * The node at depth 21 is pointed back at its parent (depth 20) on the side 200.0.0.x takes,
   * so 200.0.0.7 goes 20 -> 21 -> 20 -> 21 ... until bit 29, a 1, leaves node 21 by its right
   * record: empty as written, or (with {@code rightToData}) the chain's data record. Either way
   * the path ends inside its 32 bits, so only the revisit tells. Returns the parent's number.
   */
  private int loopedChain(Path f, boolean rightToData) throws Exception {
    MmdbWriter w = MmdbWriter.ipv4("GeoIP2-City").recordSize(24);
    // as in database(): enough networks on the left that opening never walks into the right
    for (int i = 0; i < 200; i++) {
      w.insert("10.0." + i + ".0/24", MmdbWriter.cityRecord(LatLon.of(52.37, 4.89), 5, "NL",
          null, "Amsterdam"));
    }
    w.insert("200.0.0.0/24", MmdbWriter.cityRecord(LatLon.of(1, 2), 5, "NL", null, "Chain"));
    w.write(f);
    byte[] b = Files.readAllBytes(f);
    int parent = 0;
    for (int depth = 0; depth < 20; depth++) {
      parent = record(b, parent, depth < 8 ? (200 >> (7 - depth)) & 1 : 0);
    }
    int node = record(b, parent, 0);
    int empty = record(b, parent, 1);
    assertThat(record(b, node, 1)).as("the other side is empty").isEqualTo(empty);
    int last = node;
    for (int depth = 21; depth < 23; depth++) {
      last = record(b, last, 0);
    }
    int data = record(b, last, 0); // the /24's record, at depth 24
    assertThat(data).as("a data record").isGreaterThan(empty);
    put(b, node, 0, parent);
    if (rightToData) {
      put(b, node, 1, data);
    }
    Files.write(f, b);
    return parent;
  }

  private static void put(byte[] b, int node, int bit, int value) {
    int o = node * 6 + bit * 3;
    b[o] = (byte) (value >>> 16);
    b[o + 1] = (byte) (value >>> 8);
    b[o + 2] = (byte) value;
  }

  @Test
  void locate_loopInsideASubtreeLeftForAnEmptyRecord_isCorruptionNotAMiss() throws Exception {
    Path f = dir.resolve("chain.mmdb");
    int parent = loopedChain(f, false);
    try (MaxMindGeoIpService s = MaxMindGeoIpService.open(f)) {
      assertThatThrownBy(() -> s.locate(InetAddress.getByName("200.0.0.7")))
          .isInstanceOf(DatabaseCorruptException.class)
          .hasMessageContaining(f.toString())
          .hasMessageContaining("200.0.0.7 comes back to node " + parent + " after 22 steps")
          .hasMessageNotContaining("\n");
      // an address that leaves the chain before the loop is an ordinary miss
      assertThat(s.locate(InetAddress.getByName("200.128.0.1"))).isEmpty();
      assertThat(s.locate(InetAddress.getByName("10.0.0.7"))).isPresent();
    }
    assertThatThrownBy(() -> MaxMindGeoIpService.builder().database(f).verify(true).build()
        .close()).isInstanceOf(DatabaseCorruptException.class);
  }

  @Test
  void locate_loopInsideASubtreeLeftForARecord_isCorruptionNotAWrongAnswer() throws Exception {
    Path f = dir.resolve("chain-hit.mmdb");
    int parent = loopedChain(f, true);
    try (MaxMindGeoIpService s = MaxMindGeoIpService.open(f)) {
      assertThatThrownBy(() -> s.locate(InetAddress.getByName("200.0.0.7")))
          .isInstanceOf(DatabaseCorruptException.class)
          .hasMessageContaining("200.0.0.7 comes back to node " + parent + " after 22 steps");
      assertThat(s.locate(InetAddress.getByName("10.0.0.7"))).isPresent();
    }
  }

  @Test
  void locate_ordinaryMiss_staysAMiss() throws Exception {
    try (MaxMindGeoIpService s = MaxMindGeoIpService.open(database(4))) {
      assertThat(s.locate(InetAddress.getByName("192.0.2.1"))).isEmpty();
      assertThat(s.locate(InetAddress.getByName("2001:db8::1"))).isEmpty();
    }
    try (MaxMindGeoIpService s = MaxMindGeoIpService.open(database(6))) {
      assertThat(s.locate(InetAddress.getByName("192.0.2.1"))).isEmpty();
      assertThat(s.locate(InetAddress.getByName("2001:db8::1"))).isEmpty();
      assertThat(s.locate(InetAddress.getByName("10.0.0.7"))).isPresent();
    }
  }
}
