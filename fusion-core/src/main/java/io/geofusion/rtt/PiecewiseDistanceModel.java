package io.geofusion.rtt;

/** The RTT-dependent schedule of {@link DistanceModel#RIPE_ATLAS_2023}. */
final class PiecewiseDistanceModel implements DistanceModel {

  @Override
  public String name() {
    return "ripe_atlas_2023";
  }

  @Override
  public double velocityFactor(double rttMs) {
    if (rttMs < 5.0) {
      return 1.0 / 6.0;
    }
    if (rttMs <= 80.0) {
      return 1.0 / 3.0;
    }
    return 4.0 / 9.0;
  }

  @Override
  public String toString() {
    return name();
  }
}
