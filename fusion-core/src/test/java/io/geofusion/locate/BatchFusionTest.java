package io.geofusion.locate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.geofusion.fusion.FusionEngine;
import io.geofusion.fusion.FusionInput;
import io.geofusion.fusion.FusionParameters;
import io.geofusion.fusion.FusionResult;
import io.geofusion.fusion.VantageObservation;
import io.geofusion.geo.LatLon;
import io.geofusion.testing.Seeds;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link BatchFusion}: results in input order and equal to one-by-one fusion whatever the thread
 * count, more items than the in-flight window, and failures handed on after every earlier result.
 */
@ExtendWith(Seeds.class)
class BatchFusionTest {

  static final FusionEngine ENGINE = new FusionEngine(
      FusionParameters.defaults().withoutPopulationPrior());

  /** Random targets with 1-3 vantages each. */
  static List<FusionInput> inputs(long seed, int n) {
    Random r = new Random(seed);
    List<FusionInput> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      FusionInput.Builder b = FusionInput.builder("t" + i);
      for (int v = 0, k = 1 + r.nextInt(3); v < k; v++) {
        b.vantage(new VantageObservation("v" + v, LatLon.of(-60 + 120 * r.nextDouble(),
            -180 + 360 * r.nextDouble()), 1 + 80 * r.nextDouble(), 0.0));
      }
      out.add(b.build());
    }
    return out;
  }

  @Test
  void run_anyThreadCount_sameResultsInInputOrder() throws Exception {
    long seed = Seeds.seed();
    // More than one window of two threads (2 × 64), so the window's hand-on path runs.
    List<FusionInput> in = inputs(seed, 2 * BatchFusion.WINDOW_PER_THREAD + 7);
    List<FusionResult> expected = in.stream().map(ENGINE::fuse).toList();
    for (int threads : new int[] {1, 2, 3}) {
      List<String> entities = new ArrayList<>();
      List<FusionResult> got = new ArrayList<>();
      long n = new BatchFusion(ENGINE, threads).run(in.iterator(), t -> t, (t, r) -> {
        entities.add(t.entity());
        got.add(r);
      });
      assertThat(n).as(Seeds.describe(seed)).isEqualTo(in.size());
      assertThat(entities).isEqualTo(in.stream().map(FusionInput::entity).toList());
      assertThat(got).as("threads " + threads + ", " + Seeds.describe(seed))
          .isEqualTo(expected);
    }
  }

  @Test
  void run_inputFailsMidway_everyEarlierResultHandedOnThenTheFailure() {
    List<FusionInput> in = inputs(7, 10);
    Iterator<FusionInput> failing = new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public FusionInput next() {
        if (i == 5) {
          throw new IllegalArgumentException("in.ndjson line 6: not valid JSON");
        }
        return in.get(i++);
      }
    };
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> new BatchFusion(ENGINE, 2).run(failing, t -> t,
        (t, r) -> seen.add(t.entity())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 6");
    assertThat(seen).containsExactly("t0", "t1", "t2", "t3", "t4");
  }

  @Test
  void new_threadsOutOfRange_rejectedWithTheValue() {
    assertThatThrownBy(() -> new BatchFusion(ENGINE, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
  }
}
