package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.graph.EntityGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot format reads the files earlier versions wrote. */
class GraphSnapshotsTest {

  /**
   * Written by {@code geofusion graph load} before issue 13 (centroids without covariance, no
   * host class or alerts; an org, a host without a location, two edges); one circle's share was
   * then renamed to {@code mass}, its name before 2026-11-26, and the CRC recomputed.
   */
  static final Path BEFORE_ISSUE_13 = Path.of("src/test/resources/graph/before-issue-13.snap");

  @TempDir Path dir;

  @Test
  void buildFrom_snapshotWrittenBeforeIssue13_readsWhole() throws Exception {
    EntityGraph g = EntityGraph.builder().buildFrom(BEFORE_ISSUE_13, GraphSnapshots.FORMAT);
    assertThat(g.nodeCount()).isEqualTo(5);
    assertThat(g.edgeCount()).isEqualTo(2);
    assertThat(g.lastSeq()).isEqualTo(7);
    HostLocation dallas = g.node("host:212.102.40.218").orElseThrow().location();
    assertThat(dallas.distribution().components()).hasSize(2)
        .noneMatch(MixtureComponent::hasCovariance);
    assertThat(dallas.circle().probability()).isEqualTo(0.9);
    assertThat(g.node("host:192.0.2.9").orElseThrow().location().circle().probability())
        .isEqualTo(0.5);
    assertThat(g.node("host:198.51.100.4").orElseThrow().location().circle()).isNull();
    assertThat(g.node("host:10.0.0.1").orElseThrow().location()).isNull();
  }

  @Test
  void snapshot_ofAnOldSnapshot_writesItsLinesBackUnchanged() throws Exception {
    EntityGraph g = EntityGraph.builder().buildFrom(BEFORE_ISSUE_13, GraphSnapshots.FORMAT);
    Path again = dir.resolve("again.snap");
    g.snapshot(again, GraphSnapshots.FORMAT);
    List<String> old = Files.readAllLines(BEFORE_ISSUE_13);
    List<String> now = Files.readAllLines(again);
    assertThat(now).hasSameSizeAs(old);
    // Same nodes and edges, byte for byte, except the circle's share under its current name;
    // the header's creation time and the trailer's checksum follow.
    List<String> want = old.subList(1, old.size() - 1).stream()
        .map(l -> l.replace("\"mass\":0.5", "\"probability\":0.5")).sorted().toList();
    assertThat(now.subList(1, now.size() - 1).stream().sorted().toList()).isEqualTo(want);
  }
}
