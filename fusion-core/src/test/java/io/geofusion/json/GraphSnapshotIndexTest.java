package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.graph.Direction;
import io.geofusion.graph.EdgeUpdate;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.Node;
import io.geofusion.graph.SnapshotCorruptException;
import io.geofusion.json.SnapshotIndexException.Reason;
import io.geofusion.testing.Seeds;
import io.geofusion.testing.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(Seeds.class)
class GraphSnapshotIndexTest {

  private static final List<String> KINDS = Arrays.asList(null, "INFERRED_HOST_IN_ORG",
      "FLOW_OBSERVED_HOST", "INFERRED_HOST_OFFERS_SERVICE", "ASN_IN_ORG", "Käse", "\uD83D\uDE00", "NO_SUCH_KIND");

  @TempDir Path dir;
  private final TestClock clock = new TestClock();

  /** Every query the CLI can send through the index, answered by the loaded graph. */
  private static List<String> answers(EntityGraph g, List<String> ids) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      out.add(id + " contains " + g.containsNode(id));
      for (String kind : KINDS) {
        for (Direction d : Direction.values()) {
          out.add(id + " " + kind + " " + d + " " + lines(g.neighbours(id, kind, d)));
        }
      }
      out.add(id + " hostsIn " + lines(g.hostsIn(id)));
    }
    return out;
  }

  /**
   * The same queries through the index, as nodes and as JSON lines (both must give the text the
   * loaded graph gives).
   */
  private static List<String> answers(GraphSnapshotIndex x, List<String> ids) throws IOException {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      out.add(id + " contains " + x.containsNode(id));
      for (String kind : KINDS) {
        for (Direction d : Direction.values()) {
          String nodes = lines(x.neighbours(id, kind, d));
          String text = joined(x.neighbourLines(id, kind, d));
          out.add(id + " " + kind + " " + d + " " + (nodes.equals(text) ? nodes
              : "nodes " + nodes + " differ from lines " + text));
        }
      }
      String nodes = lines(x.hostsIn(id));
      String text = joined(x.hostsInLines(id));
      out.add(id + " hostsIn " + (nodes.equals(text) ? nodes
          : "nodes " + nodes + " differ from lines " + text));
    }
    return out;
  }

  private static String joined(List<String> lines) {
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append(l).append('\n');
    }
    return b.toString();
  }

  private static String lines(List<Node> nodes) {
    StringBuilder b = new StringBuilder();
    for (Node n : nodes) {
      b.append(GraphJson.toJson(n)).append('\n');
    }
    return b.toString();
  }

  @Test
  void open_afterSave_answersEveryQueryAsTheLoadedSnapshot() throws IOException {
    long seed = Seeds.seed();
    for (int round = 0; round < 4; round++) {
      int hosts = 1 + new Random(seed + round).nextInt(120);
      EntityGraph g = RandomGraphs.graph(seed + round, hosts, hosts * 4, clock);
      Path f = dir.resolve("g" + round + ".snap");
      g.snapshot(f, GraphSnapshots.FORMAT);
      EntityGraph loaded = EntityGraph.builder().buildFrom(f, GraphSnapshots.FORMAT);
      List<String> ids = RandomGraphs.ids(hosts);
      try (GraphSnapshotIndex x = GraphSnapshotIndex.open(f)) {
        assertThat(x.seq()).isEqualTo(g.lastSeq());
        assertThat(x.nodeCount()).isEqualTo(g.nodeCount());
        assertThat(x.edgeCount()).isEqualTo(g.edgeCount());
        assertThat(answers(x, ids)).as(Seeds.describe(seed)).isEqualTo(answers(loaded, ids));
      }
    }
  }

  @Test
  void open_emptyGraph_answersNothing() throws IOException {
    Path f = dir.resolve("empty.snap");
    EntityGraph.builder().clock(clock).build().snapshot(f, GraphSnapshots.FORMAT);
    try (GraphSnapshotIndex x = GraphSnapshotIndex.open(f)) {
      assertThat(x.containsNode("host:1")).isFalse();
      assertThat(x.neighbours("host:1", null, Direction.BOTH)).isEmpty();
      assertThat(x.hostsIn("org:x")).isEmpty();
    }
  }

  @Test
  void build_fromTheSnapshotFile_writesTheBytesTheSaveWrote() throws IOException {
    long seed = Seeds.seed();
    EntityGraph g = RandomGraphs.graph(seed, 60, 300, clock);
    Path f = dir.resolve("g.snap");
    g.snapshot(f, GraphSnapshots.FORMAT);
    Path idx = GraphSnapshotIndex.pathFor(f);
    byte[] saved = Files.readAllBytes(idx);
    Files.delete(idx);
    assertThat(GraphSnapshotIndex.build(f)).isEqualTo(idx.toAbsolutePath());
    assertThat(Files.readAllBytes(idx)).as(Seeds.describe(seed)).isEqualTo(saved);
  }

  /**
   * A snapshot written before the circle's share was called {@code probability} (it said
   * {@code mass}): its lines are not what {@code toJson} writes today, so the index built from it
   * marks them, and queries print today's text, as the full load does.
   */
  @Test
  void build_fromAnOlderSnapshotWithMass_answersWithTodaysText() throws IOException {
    EntityGraph g = RandomGraphs.graph(7, 40, 160, clock);
    Path f = dir.resolve("old.snap");
    g.snapshot(f, GraphSnapshots.FORMAT);
    String text = Files.readString(f);
    assertThat(text).contains("\"probability\":0.9");
    String body = text.substring(0, text.lastIndexOf("{\"end\""))
        .replace("\"probability\":0.9", "\"mass\":0.9");
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.writeString(f, body + String.format("{\"end\":true,\"crc32\":\"%08x\"}%n",
        crc.getValue()));
    GraphSnapshotIndex.build(f);
    EntityGraph loaded = EntityGraph.builder().buildFrom(f, GraphSnapshots.FORMAT);
    List<String> ids = RandomGraphs.ids(40);
    try (GraphSnapshotIndex x = GraphSnapshotIndex.open(f)) {
      List<String> got = answers(x, ids);
      assertThat(got).isEqualTo(answers(loaded, ids));
      assertThat(String.join("", got)).contains("\"probability\":0.9").doesNotContain("mass");
    }
  }

  @Test
  void build_corruptSnapshot_failsAsAFullLoadDoesAndWritesNoIndex() throws IOException {
    Path f = dir.resolve("g.snap");
    RandomGraphs.graph(1, 20, 60, clock).snapshot(f, GraphSnapshots.FORMAT);
    Files.delete(GraphSnapshotIndex.pathFor(f));
    byte[] b = Files.readAllBytes(f);
    b[b.length / 2] ^= 0x01;
    Files.write(f, b);
    assertThatThrownBy(() -> GraphSnapshotIndex.build(f))
        .isInstanceOf(SnapshotCorruptException.class);
    assertThat(GraphSnapshotIndex.pathFor(f)).doesNotExist();
    assertThatThrownBy(() -> GraphSnapshotIndex.build(dir.resolve("none.snap")))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("does not exist");
  }

  @Test
  void open_missingIndex_isMissing() throws IOException {
    Path f = dir.resolve("g.snap");
    RandomGraphs.graph(2, 10, 20, clock).snapshot(f, GraphSnapshots.FORMAT);
    Files.delete(GraphSnapshotIndex.pathFor(f));
    assertThatThrownBy(() -> GraphSnapshotIndex.open(f))
        .isInstanceOfSatisfying(SnapshotIndexException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MISSING))
        .hasMessage("graph index " + GraphSnapshotIndex.pathFor(f) + " does not exist");
    assertThatThrownBy(() -> GraphSnapshotIndex.open(dir.resolve("none.snap")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void open_indexOfAnEarlierVersionOfTheSnapshot_isStale() throws IOException {
    EntityGraph g = RandomGraphs.graph(3, 30, 90, clock);
    Path f = dir.resolve("g.snap");
    Path idx = GraphSnapshotIndex.pathFor(f);
    Path old = dir.resolve("old.idx");
    g.snapshot(f, GraphSnapshots.FORMAT);
    Files.copy(idx, old);

    // A new version of another size (an edge more): the previous index is refused by size.
    g.upsertEdge(EdgeUpdate.of("host:10.0.0.1", "NEW_KIND", "host:10.0.0.2"));
    g.snapshot(f, GraphSnapshots.FORMAT);
    Files.copy(old, idx, StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> GraphSnapshotIndex.open(f))
        .isInstanceOfSatisfying(SnapshotIndexException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STALE))
        .hasMessageContaining("bytes, the snapshot now has");

    // Same size and same graph, saved a second later: refused by the header line (creation
    // time), although every node and edge line is where the old index says.
    g.snapshot(f, GraphSnapshots.FORMAT);
    Files.copy(idx, old, StandardCopyOption.REPLACE_EXISTING);
    long size = Files.size(f);
    clock.advance(Duration.ofSeconds(1));
    g.snapshot(f, GraphSnapshots.FORMAT);
    assertThat(Files.size(f)).isEqualTo(size);
    Files.copy(old, idx, StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> GraphSnapshotIndex.open(f))
        .isInstanceOfSatisfying(SnapshotIndexException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STALE))
        .hasMessageContaining("header line");

    // Same size and header, other contents (one byte of an edge line changed, trailer fixed up
    // as a writer would): refused by the trailer line, the checksum of the whole file.
    g.snapshot(f, GraphSnapshots.FORMAT);
    String text = Files.readString(f);
    int at = text.indexOf("\"confidence\":0.");
    String changed = text.substring(0, at + 15)
        + (text.charAt(at + 15) == '1' ? '2' : '1') + text.substring(at + 16);
    String body = changed.substring(0, changed.lastIndexOf("{\"end\""));
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.writeString(f, body + String.format("{\"end\":true,\"crc32\":\"%08x\"}%n",
        crc.getValue()));
    EntityGraph.builder().buildFrom(f, GraphSnapshots.FORMAT); // a valid snapshot
    assertThatThrownBy(() -> GraphSnapshotIndex.open(f))
        .isInstanceOfSatisfying(SnapshotIndexException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.STALE))
        .hasMessageContaining("trailer line");
  }

  /**
   * Each byte of the index flipped in turn: the index is refused when opened or when a query
   * reads the byte, or the byte does not matter — never a different answer.
   */
  @Test
  void everyFlippedIndexByte_isDetectedOrChangesNoAnswer() throws IOException {
    long seed = Seeds.seed();
    EntityGraph g = RandomGraphs.graph(seed, 12, 40, clock);
    Path f = dir.resolve("g.snap");
    g.snapshot(f, GraphSnapshots.FORMAT);
    List<String> ids = RandomGraphs.ids(12);
    List<String> want = answers(g, ids);
    Path idx = GraphSnapshotIndex.pathFor(f);
    byte[] good = Files.readAllBytes(idx);
    int detected = 0;
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      Files.write(idx, bad);
      try (GraphSnapshotIndex x = GraphSnapshotIndex.open(f)) {
        assertThat(answers(x, ids)).as("byte %d flipped, %s", i, Seeds.describe(seed))
            .isEqualTo(want);
      } catch (SnapshotIndexException e) {
        assertThat(e.reason()).isIn(Reason.CORRUPT, Reason.STALE);
        detected++;
      }
    }
    // Only the header's last (reserved) int is outside every checksum.
    assertThat(detected).isGreaterThanOrEqualTo(good.length - 4);
  }

  @Test
  void everyTruncationOfTheIndex_isRefusedWhenOpened() throws IOException {
    Path f = dir.resolve("g.snap");
    RandomGraphs.graph(4, 10, 30, clock).snapshot(f, GraphSnapshots.FORMAT);
    Path idx = GraphSnapshotIndex.pathFor(f);
    byte[] good = Files.readAllBytes(idx);
    for (int n = 0; n < good.length; n++) {
      Files.write(idx, Arrays.copyOf(good, n));
      assertThatThrownBy(() -> GraphSnapshotIndex.open(f)).as("%d bytes", n)
          .isInstanceOfSatisfying(SnapshotIndexException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.CORRUPT));
    }
  }

  /**
   * A snapshot altered after its index was written (bit rot): a node line a query reads fails its
   * checksum; lines the query does not read do not change its answer, which comes from the index
   * written from the intact file.
   */
  @Test
  void alteredSnapshotLine_isDetectedWhenAQueryReadsIt() throws IOException {
    EntityGraph g = RandomGraphs.graph(5, 20, 80, clock);
    Path f = dir.resolve("g.snap");
    g.snapshot(f, GraphSnapshots.FORMAT);
    List<String> ids = RandomGraphs.ids(20);
    List<String> want = answers(g, ids);
    byte[] good = Files.readAllBytes(f);
    int headerEnd = new String(good, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf('\n');
    int trailerStart = good.length - 32;
    Random r = new Random(Seeds.seed());
    for (int k = 0; k < 60; k++) {
      int i = headerEnd + 1 + r.nextInt(trailerStart - headerEnd - 1);
      byte[] bad = good.clone();
      bad[i] ^= 0x04;
      Files.write(f, bad);
      try (GraphSnapshotIndex x = GraphSnapshotIndex.open(f)) {
        List<String> got = answers(x, ids);
        assertThat(got).as("byte %d of the snapshot flipped", i).isEqualTo(want);
      } catch (SnapshotIndexException e) {
        assertThat(e.reason()).isEqualTo(Reason.CORRUPT);
        assertThat(e).hasMessageContaining("snapshot line at byte");
      }
    }
  }

  /** One index shared by many threads (positional reads only) gives every thread the answers. */
  @Test
  void queries_fromManyThreads_allAnswerAsOneThread() throws Exception {
    EntityGraph g = RandomGraphs.graph(6, 80, 400, clock);
    Path f = dir.resolve("g.snap");
    g.snapshot(f, GraphSnapshots.FORMAT);
    List<String> ids = RandomGraphs.ids(80);
    List<String> want = answers(g, ids);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (GraphSnapshotIndex x = GraphSnapshotIndex.open(f)) {
      List<Future<List<String>>> runs = new ArrayList<>();
      for (int t = 0; t < 32; t++) {
        runs.add(pool.submit(() -> answers(x, ids)));
      }
      for (Future<List<String>> run : runs) {
        assertThat(run.get()).isEqualTo(want);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
