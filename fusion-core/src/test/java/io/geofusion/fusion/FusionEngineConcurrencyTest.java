package io.geofusion.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.LatLon;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One shared engine hammered from many threads gives the single-threaded answers. */
class FusionEngineConcurrencyTest {

  @Test
  void fuse_manyThreadsOneEngine_sameResultsAsSequential() throws Exception {
    FusionEngine engine = FusionEngine.create();
    SplittableRandom rnd = new SplittableRandom(7);
    List<FusionInput> inputs = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      LatLon truth = Synth.randomPoint(rnd, 60.0);
      inputs.add(new FusionInput("t" + i, Synth.vantages(rnd, truth, 6, 3000.0),
          i % 3 == 0 ? GeoIpEvidence.of(truth, 50.0) : null, List.of(), null));
    }
    List<FusionResult> expected = new ArrayList<>();
    for (FusionInput in : inputs) {
      expected.add(engine.fuse(in));
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Boolean>> fs = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        int offset = t;
        fs.add(pool.submit(() -> {
          for (int k = 0; k < inputs.size(); k++) {
            int i = (k + offset) % inputs.size();
            if (!engine.fuse(inputs.get(i)).equals(expected.get(i))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : fs) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
