package io.geofusion.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.geofusion.fusion.FusionResult;

/** Test access to a fusion result that must be located. */
public final class FusionResults {

  private FusionResults() {}

  /** {@code r} as a located result; fails the test when the engine abstained. */
  public static FusionResult.Located located(FusionResult r) {
    assertThat(r).as("fusion result for %s", r.entity())
        .isInstanceOf(FusionResult.Located.class);
    return (FusionResult.Located) r;
  }
}
