package io.geofusion.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.fusion.ConfidenceCircle;
import io.geofusion.fusion.HostLocation;
import io.geofusion.fusion.LocationDistribution;
import io.geofusion.fusion.MixtureComponent;
import io.geofusion.geo.LatLon;
import io.geofusion.json.GraphSnapshots;
import io.geofusion.testing.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphSnapshotTest {

  private static final SnapshotFormat FORMAT = GraphSnapshots.FORMAT;

  @TempDir Path dir;
  private final TestClock clock = new TestClock();

  private EntityGraph sample() {
    EntityGraph g = EntityGraph.builder().clock(clock).build();
    g.upsertNode(NodeUpdate.host("host:212.102.40.218", HostLocation.of(new LocationDistribution(
        List.of(
        MixtureComponent.centroid(LatLon.of(32.78, -96.80), 0.6),
        MixtureComponent.centroid(LatLon.of(29.42, -98.49), 0.4)), 850),
        new ConfidenceCircle(LatLon.of(31.5, -97.5), 900, 0.9)),
        Map.of("rf", 0.7, "rtt", 0.8, "semantic", 0.6)));
    clock.advance(Duration.ofSeconds(1));
    g.upsertEdge(new EdgeUpdate(new EdgeKey("host:212.102.40.218", "INFERRED_HOST_IN_ORG",
        "org:datacamp"), 0.8, 1.5, Map.of("rule_id", "asn-rule")));
    g.upsertEdge(EdgeUpdate.of("host:10.0.0.1", "FLOW_OBSERVED_HOST", "host:212.102.40.218"));
    return g;
  }

  @Test
  void snapshot_thenBuildFrom_equalsOriginalWithoutEvents() throws Exception {
    EntityGraph g = sample();
    Path f = dir.resolve("graph.snap");
    SnapshotInfo info = g.snapshot(f, FORMAT);
    assertThat(info.seq()).isEqualTo(g.lastSeq());
    assertThat(info.edges()).isEqualTo(2);
    // One JSON object per line, each starting at column 0 (no root-value separator).
    assertThat(java.nio.file.Files.readAllLines(f)).allSatisfy(l -> assertThat(l).startsWith("{"));

    EntityGraph h = EntityGraph.builder().clock(clock).buildFrom(f, FORMAT);
    AtomicInteger seen = new AtomicInteger();
    Subscription sub = h.subscribe(e -> seen.incrementAndGet());
    assertThat(Set.copyOf(h.nodes())).isEqualTo(Set.copyOf(g.nodes()));
    assertThat(Set.copyOf(h.edges())).isEqualTo(Set.copyOf(g.edges()));
    assertThat(h.lastSeq()).isEqualTo(g.lastSeq());
    assertThat(h.replay(h.lastSeq() + 1, e -> { })).isZero();
    assertThatThrownBy(() -> h.replay(1, e -> { })).hasMessageContaining("cannot replay");
    // The sequence continues after the snapshot's, and only new writes are delivered.
    h.upsertNode(NodeUpdate.of("asn:1"));
    assertThat(h.lastSeq()).isEqualTo(g.lastSeq() + 1);
    assertThat(sub.awaitHandled(h.lastSeq(), Duration.ofSeconds(10))).isTrue();
    assertThat(seen.get()).isEqualTo(1);
    h.close();
  }

  @Test
  void snapshot_crashBeforeRename_leavesPreviousSnapshotAndNoTempFile() throws IOException {
    EntityGraph g = sample();
    Path f = dir.resolve("graph.snap");
    g.snapshot(f, FORMAT);
    byte[] before = Files.readAllBytes(f);
    g.upsertEdge(EdgeUpdate.of("host:x", "K", "host:y"));
    g.beforeRenameHook = tmp -> {
      // A crash after the temp file was written: truncate it, as a dying disk would, and stop.
      Files.write(tmp, Files.readAllBytes(tmp), java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
      throw new IOException("simulated crash");
    };
    assertThatThrownBy(() -> g.snapshot(f, FORMAT))
        .hasMessage(f.toAbsolutePath() + ": simulated crash");
    assertThat(Files.readAllBytes(f)).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      // the previous snapshot and its index, which still describes it
      assertThat(files.filter(p -> !p.toString().endsWith(".lock")))
          .containsExactlyInAnyOrder(f, dir.resolve("graph.snap.idx"));
    }
    io.geofusion.json.GraphSnapshotIndex.open(f).close();
    assertThat(g.stats().snapshotFailures()).isEqualTo(1);
    assertThat(g.lastSnapshotError()).contains(f.toAbsolutePath() + ": simulated crash");
    EntityGraph h = EntityGraph.builder().buildFrom(f, FORMAT);
    assertThat(h.edgeCount()).isEqualTo(2);
  }

  @Test
  void snapshot_tempFileLeftByKilledWriter_isDeletedOnNextSave() throws IOException {
    Path f = dir.resolve("graph.snap");
    Path leftover = Files.writeString(dir.resolve("graph.snap.8812736451.tmp"), "{\"format\"");
    Path other = Files.writeString(dir.resolve("graph.snap.x.1.tmp"), "another file's");
    Path unrelated = Files.writeString(dir.resolve("notes.tmp"), "keep");
    sample().snapshot(f, FORMAT);
    assertThat(leftover).doesNotExist();
    assertThat(other).exists();
    assertThat(unrelated).exists();
  }

  @Test
  void snapshot_writesItsIndexBesideIt_andAnIndexLeftByAKilledWriterIsDeleted()
      throws IOException {
    Path f = dir.resolve("graph.snap");
    Path leftover = Files.writeString(dir.resolve("graph.snap.idx.k3j5d8a.tmp"), "GFGRIDX");
    sample().snapshot(f, FORMAT);
    assertThat(leftover).doesNotExist();
    assertThat(dir.resolve("graph.snap.idx")).isRegularFile();
    try (io.geofusion.json.GraphSnapshotIndex x = io.geofusion.json.GraphSnapshotIndex.open(f)) {
      assertThat(x.neighbours("host:212.102.40.218", null, Direction.BOTH))
          .extracting(Node::id).containsExactly("host:10.0.0.1", "org:datacamp");
    }
  }

  @Test
  void snapshot_diskFull_errorNamesTheSnapshot() throws IOException {
    EntityGraph g = sample();
    Path f = dir.resolve("graph.snap");
    // the operating system's own message, which names no file (it did reach the user so)
    g.beforeRenameHook = tmp -> {
      throw new IOException("No space left on device");
    };
    assertThatThrownBy(() -> g.snapshot(f, FORMAT))
        .hasMessage(f.toAbsolutePath() + ": No space left on device");
    assertThat(f).doesNotExist();
  }

  @Test
  void snapshot_indexThatCannotBeWritten_isRemovedAndTheSnapshotStands() throws IOException {
    EntityGraph g = sample();
    Path f = dir.resolve("graph.snap");
    g.snapshot(f, FORMAT);
    g.upsertEdge(EdgeUpdate.of("host:x", "K", "host:y"));
    g.beforeRenameHook = tmp -> {
      if (tmp.getFileName().toString().startsWith("graph.snap.idx.")) {
        throw new IOException("disk full (simulated)");
      }
    };
    SnapshotInfo info = g.snapshot(f, FORMAT);
    assertThat(info.edges()).isEqualTo(3);
    assertThat(EntityGraph.builder().buildFrom(f, FORMAT).edgeCount()).isEqualTo(3);
    assertThat(g.stats().snapshotFailures()).isZero();
    try (Stream<Path> files = Files.list(dir)) {
      // the index of the previous snapshot is gone with the new one's temporary file
      assertThat(files.filter(p -> !p.toString().endsWith(".lock"))).containsExactly(f);
    }
  }

  @Test
  void snapshot_fileMode_followsTheUmaskLikeAnyNewFile() throws IOException {
    Path f = dir.resolve("graph.snap");
    sample().snapshot(f, FORMAT);
    Path probe = Files.createFile(dir.resolve("probe"));
    assertThat(Files.getPosixFilePermissions(f))
        .isEqualTo(Files.getPosixFilePermissions(probe));
  }

  @Test
  void buildFrom_seqAtLongMax_isRefusedBeforeItCanWrap() throws IOException {
    Path f = dir.resolve("graph.snap");
    try (var out = Files.newOutputStream(f)) {
      FORMAT.write(out, new SnapshotFormat.Contents(Long.MAX_VALUE, java.time.Instant.EPOCH,
          List.of(), List.of()));
    }
    assertThatThrownBy(() -> EntityGraph.builder().buildFrom(f, FORMAT))
        .isInstanceOf(SnapshotCorruptException.class)
        .hasMessageContaining("seq 9223372036854775807 is above the largest");
  }

  @Test
  void buildFrom_headerClaimingTwoBillionNodes_isTruncatedNotOutOfMemory() throws IOException {
    Path f = dir.resolve("graph.snap");
    String header = "{\"format\":\"geofusion-graph-snapshot\",\"version\":1,\"seq\":1,"
        + "\"nodes\":2147483648,\"edges\":0,\"created\":\"1970-01-01T00:00:00Z\"}\n";
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(header.getBytes(StandardCharsets.UTF_8));
    Files.writeString(f, header + String.format(java.util.Locale.ROOT,
        "{\"end\":true,\"crc32\":\"%08x\"}%n", crc.getValue()));
    assertThatThrownBy(() -> EntityGraph.builder().buildFrom(f, FORMAT))
        .isInstanceOf(SnapshotCorruptException.class)
        .hasMessageContaining("corrupt at byte 120 (line 2)");
  }

  @Test
  void buildFrom_lineLongerThanTheLimit_isCorruptWithTheLimitNamed() throws IOException {
    Path f = dir.resolve("graph.snap");
    System.setProperty("geofusion.limit.lineBytes", "1000");
    try {
      Files.writeString(f, "{\"format\":\"" + "x".repeat(5000) + "\"}\n");
      assertThatThrownBy(() -> EntityGraph.builder().buildFrom(f, FORMAT))
          .isInstanceOf(SnapshotCorruptException.class)
          .hasMessageContaining("geofusion.limit.lineBytes");
    } finally {
      System.clearProperty("geofusion.limit.lineBytes");
    }
  }

  @Test
  void buildFrom_leftoverTruncatedTempFile_isIgnoredAndPreviousLoads() throws IOException {
    EntityGraph g = sample();
    Path f = dir.resolve("graph.snap");
    g.snapshot(f, FORMAT);
    // A crash in the middle of writing the next snapshot leaves a partial temp file behind.
    byte[] full = Files.readAllBytes(f);
    Files.write(dir.resolve("graph.snap.123.tmp"), java.util.Arrays.copyOf(full, full.length / 2));
    EntityGraph h = EntityGraph.builder().buildFrom(f, FORMAT);
    assertThat(Set.copyOf(h.edges())).isEqualTo(Set.copyOf(g.edges()));
    assertThatThrownBy(() -> EntityGraph.builder().buildFrom(dir.resolve("graph.snap.123.tmp"),
        FORMAT))
        .isInstanceOf(SnapshotCorruptException.class).hasMessageContaining("truncated");
  }

  @Test
  void buildFrom_everyTruncation_isDetectedAsCorrupt() throws IOException {
    EntityGraph g = sample();
    Path f = dir.resolve("graph.snap");
    g.snapshot(f, FORMAT);
    byte[] full = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.snap");
    for (int len = 0; len < full.length; len += 7) {
      Files.write(cut, java.util.Arrays.copyOf(full, len));
      int l = len;
      assertThatThrownBy(() -> EntityGraph.builder().buildFrom(cut, FORMAT))
          .as("truncated to %d of %d bytes", l, full.length)
          .isInstanceOf(SnapshotCorruptException.class);
    }
  }

  @Test
  void buildFrom_flippedByte_failsWithOffsetAndLine() throws IOException {
    EntityGraph g = sample();
    Path f = dir.resolve("graph.snap");
    g.snapshot(f, FORMAT);
    String text = Files.readString(f);
    // Change a digit inside an edge line: still valid JSON, caught by the checksum.
    String corrupted = text.replace("\"weight\":1.5", "\"weight\":7.5");
    assertThat(corrupted).isNotEqualTo(text);
    Files.writeString(f, corrupted);
    assertThatThrownBy(() -> EntityGraph.builder().buildFrom(f, FORMAT))
        .isInstanceOf(SnapshotCorruptException.class).hasMessageContaining("checksum")
        .hasMessageContaining(f.toString());
    Files.writeString(f, text.replace("\"kind\":\"host\"", "\"kind\":\"hoooost\""));
    assertThatThrownBy(() -> EntityGraph.builder().buildFrom(f, FORMAT))
        .isInstanceOf(SnapshotCorruptException.class).hasMessageContaining("(line ")
        .hasMessageContaining("unknown node kind");
    Files.write(f, "{\"hello\":1}\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> EntityGraph.builder().buildFrom(f, FORMAT))
        .hasMessageContaining("not a GeoFusion graph snapshot");
  }

  @Test
  void snapshotIfChanged_skipsWhenNothingChanged() throws IOException {
    EntityGraph g = sample();
    Path f = dir.resolve("p.snap");
    assertThat(g.snapshotIfChanged(f, FORMAT)).isPresent();
    assertThat(g.snapshotIfChanged(f, FORMAT)).isEmpty();
    g.upsertNode(NodeUpdate.of("asn:2"));
    assertThat(g.snapshotIfChanged(f, FORMAT)).get().extracting(SnapshotInfo::seq)
        .isEqualTo(g.lastSeq());
    assertThat(g.stats().snapshotsWritten()).isEqualTo(2);
  }

  @Test
  void snapshotPeriodically_writesOnChangeOnlyAndStopsOnClose() throws Exception {
    EntityGraph g = sample();
    Path f = dir.resolve("periodic.snap");
    AutoCloseable handle = g.snapshotPeriodically(f, Duration.ofMillis(20), FORMAT);
    awaitSnapshots(g, 1);
    assertThat(EntityGraph.builder().buildFrom(f, FORMAT).lastSeq()).isEqualTo(g.lastSeq());
    g.upsertNode(NodeUpdate.of("asn:7"));
    awaitSnapshots(g, 2);
    assertThat(EntityGraph.builder().buildFrom(f, FORMAT).containsNode("asn:7")).isTrue();
    handle.close();
    long written = g.stats().snapshotsWritten();
    g.upsertNode(NodeUpdate.of("asn:8"));
    // After close no further snapshot may appear; a manual one still works.
    assertThat(g.snapshotIfChanged(f, FORMAT)).isPresent();
    assertThat(g.stats().snapshotsWritten()).isEqualTo(written + 1);
    assertThatThrownBy(() -> g.snapshotPeriodically(f, Duration.ZERO, FORMAT))
        .hasMessageContaining("interval must be positive");
  }

  /** Waits for the background snapshotter with a deadline (a bounded spin, not a sleep). */
  private static void awaitSnapshots(EntityGraph g, long n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (g.stats().snapshotsWritten() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no periodic snapshot within 60 s");
      }
      Thread.yield();
    }
  }
}
