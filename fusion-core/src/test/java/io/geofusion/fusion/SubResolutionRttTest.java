package io.geofusion.fusion;

import static io.geofusion.testing.FusionResults.located;
import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.geo.Geodesy;
import io.geofusion.geo.LatLon;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A zero or sub-resolution minimum RTT (a LAN host, a capture whose samples all read 0.000 ms)
 * means "the target is here", bounded by what the clock resolves: before the fix 0.000 and
 * 0.001 ms gave a 12,346 km circle centred far from the vantage, while 0.006 ms gave 3 km.
 */
class SubResolutionRttTest {

  private static final LatLon FRANKFURT = LatLon.of(50.11, 8.68);

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.0005, 0.001, 0.002, 0.006, 0.01})
  void fuse_subResolutionRtt_locatesAtTheVantage(double rttMs) {
    for (FusionParameters p : List.of(FusionParameters.defaults(),
        FusionParameters.defaults().withoutPopulationPrior())) {
      FusionResult.Located r = located(new FusionEngine(p).fuse(FusionInput.builder("lan")
          .vantages(List.of(VantageObservation.of("here", FRANKFURT, rttMs))).build()));
      assertThat(Geodesy.distanceKm(r.estimate(), FRANKFURT)).as("estimate at %s ms", rttMs)
          .isLessThan(30.0);
      assertThat(r.circle90().radiusKm()).as("90 %% radius at %s ms", rttMs).isLessThan(50.0);
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 0.001})
  void fuse_subResolutionRttWithLocalDelayAboveIt_locatesAtTheVantage(double rttMs) {
    FusionResult.Located r = located(new FusionEngine(FusionParameters.defaults())
        .fuse(FusionInput.builder("lan").vantages(List.of(
            new VantageObservation("here", FRANKFURT, rttMs, 0.5))).build()));
    assertThat(r.circle90().radiusKm()).isLessThan(50.0);
  }
}
