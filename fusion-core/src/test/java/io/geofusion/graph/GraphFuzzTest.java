package io.geofusion.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.geofusion.fusion.HostLocation;
import io.geofusion.geo.LatLon;
import io.geofusion.json.GraphSnapshots;
import io.geofusion.testing.Seeds;
import io.geofusion.testing.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad bytes everywhere: a snapshot file of any content either loads or fails with an
 * {@link IOException} (a {@link SnapshotCorruptException} for bad content). In a normal test run
 * Jazzer replays its regression inputs;
 * {@code JAZZER_FUZZ=1} fuzzes for real.
 */
@ExtendWith(Seeds.class)
class GraphFuzzTest {

  private static final SnapshotFormat FORMAT = GraphSnapshots.FORMAT;

  @TempDir Path dir;

  @FuzzTest(maxDuration = "60s")
  void snapshotLoad(byte[] data) throws IOException {
    Path f = Files.createTempFile("fuzz", ".snap");
    try {
      Files.write(f, data);
      EntityGraph.builder().buildFrom(f, FORMAT);
    } catch (IOException expected) {
      // corrupt or truncated: the documented failure
    } finally {
      Files.deleteIfExists(f);
    }
  }

  /** Every single-byte change of a valid snapshot is caught (CRC-32 detects all such errors). */
  @Test
  void buildFrom_randomByteChanges_areAlwaysDetected() throws IOException {
    long seed = Seeds.seedOr(20261126L);
    EntityGraph g = EntityGraph.builder().clock(new TestClock()).build();
    g.upsertNode(NodeUpdate.host("host:192.0.2.1", HostLocation.point(LatLon.of(48.85, 2.35), 40),
        Map.of("rtt", 0.9)));
    g.upsertEdge(new EdgeUpdate(new EdgeKey("host:192.0.2.1", "INFERRED_HOST_IN_ORG", "asn:3215"),
        0.7, 2, Map.of("rule_id", "r")));
    Path f = dir.resolve("g.snap");
    g.snapshot(f, FORMAT);
    byte[] good = Files.readAllBytes(f);
    SplittableRandom r = new SplittableRandom(seed);
    Path bad = dir.resolve("bad.snap");
    for (int i = 0; i < 300; i++) {
      byte[] b = good.clone();
      int at = r.nextInt(b.length);
      byte to = (byte) r.nextInt(256);
      if (b[at] == to) {
        continue;
      }
      b[at] = to;
      Files.write(bad, b);
      assertThatThrownBy(() -> EntityGraph.builder().buildFrom(bad, FORMAT))
          .as("seed %d case %d: byte %d -> %d", seed, i, at, to & 0xff)
          .isInstanceOf(SnapshotCorruptException.class);
    }
    assertThat(List.copyOf(EntityGraph.builder().buildFrom(f, FORMAT).edges())).hasSize(1);
  }
}
