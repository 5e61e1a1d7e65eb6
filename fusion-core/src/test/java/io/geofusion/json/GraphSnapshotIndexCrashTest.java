package io.geofusion.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.graph.Direction;
import io.geofusion.graph.EntityGraph;
import io.geofusion.graph.Node;
import io.geofusion.json.SnapshotIndexException.Reason;
import io.geofusion.testing.Seeds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during saves: a child JVM saves graphs of three sizes to one snapshot in a loop (each
 * save renames the snapshot, then its index) and is SIGKILLed at a seeded moment. Afterwards the
 * snapshot loads whole, and its index either answers every query as the loaded snapshot does or
 * is refused as stale or missing — never corrupt, never a wrong answer; the next save removes the
 * killed writer's temporary files and leaves a snapshot and index that agree.
 */
@ExtendWith(Seeds.class)
class GraphSnapshotIndexCrashTest {

  private static final int HOSTS = 400;

  @TempDir Path dir;

  @Test
  void killMinus9_duringSaves_leavesTheOldOrTheNewConsistentPair() throws Exception {
    long seed = Seeds.seed();
    Random random = new Random(seed);
    Path snap = dir.resolve("crash.snap");
    Map<Reason, Integer> refused = new EnumMap<>(Reason.class);
    int usable = 0;
    for (int round = 0; round < 4; round++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          IndexSaverChild.class.getName(), snap.toString(), Long.toString(seed + round),
          Integer.toString(HOSTS)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      try {
        BlockingQueue<String> lines = lines(child);
        int saves = 1 + random.nextInt(4);
        for (int i = 0; i < saves; i++) {
          assertThat(lines.poll(120, TimeUnit.SECONDS)).as("save %d of round %d", i, round)
              .startsWith("saved ");
        }
        Thread.sleep(random.nextInt(400)); // lands in a save at a seeded moment
        child.destroyForcibly();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      } finally {
        child.destroyForcibly();
      }
      EntityGraph loaded = EntityGraph.builder().buildFrom(snap, GraphSnapshots.FORMAT);
      List<String> ids = sample(random);
      try (GraphSnapshotIndex x = GraphSnapshotIndex.open(snap)) {
        assertThat(answers(x, ids)).as("round %d, %s", round, Seeds.describe(seed))
            .isEqualTo(answers(loaded, ids));
        usable++;
      } catch (SnapshotIndexException e) {
        assertThat(e.reason()).as(e.getMessage()).isIn(Reason.STALE, Reason.MISSING);
        refused.merge(e.reason(), 1, Integer::sum);
      }
      // The next save (here: the loaded graph, as `graph load` would) cleans up and agrees.
      loaded.snapshot(snap, GraphSnapshots.FORMAT);
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("crash.snap", "crash.snap.idx", "crash.snap.lock");
      }
      try (GraphSnapshotIndex x = GraphSnapshotIndex.open(snap)) {
        assertThat(answers(x, ids)).isEqualTo(answers(loaded, ids));
      }
    }
    System.out.printf("GraphSnapshotIndexCrashTest: %d rounds with a usable index, refused %s%n",
        usable, refused);
  }

  private static BlockingQueue<String> lines(Process child) {
    BlockingQueue<String> q = new LinkedBlockingQueue<>();
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          q.add(l);
        }
      } catch (IOException e) {
        // killed mid-line: what was read counts
      }
    }, "index-saver-stdout");
    t.setDaemon(true);
    t.start();
    return q;
  }

  private static List<String> sample(Random random) {
    List<String> all = RandomGraphs.ids(HOSTS + 80);
    List<String> ids = new ArrayList<>(all.subList(HOSTS + 80, all.size()));
    for (int i = 0; i < 30; i++) {
      ids.add(all.get(random.nextInt(HOSTS + 80)));
    }
    return ids;
  }

  private static List<String> answers(EntityGraph g, List<String> ids) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      out.add(id + " " + text(g.neighbours(id, null, Direction.BOTH)) + " "
          + text(g.neighbours(id, "ASN_IN_ORG", Direction.IN)) + " " + text(g.hostsIn(id)));
    }
    return out;
  }

  private static List<String> answers(GraphSnapshotIndex x, List<String> ids) throws IOException {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      out.add(id + " " + String.join("\n", x.neighbourLines(id, null, Direction.BOTH)) + " "
          + String.join("\n", x.neighbourLines(id, "ASN_IN_ORG", Direction.IN)) + " "
          + String.join("\n", x.hostsInLines(id)));
    }
    return out;
  }

  private static String text(List<Node> nodes) {
    List<String> lines = new ArrayList<>();
    for (Node n : nodes) {
      lines.add(GraphJson.toJson(n));
    }
    return String.join("\n", lines);
  }
}
