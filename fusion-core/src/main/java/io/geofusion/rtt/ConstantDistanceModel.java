package io.geofusion.rtt;

/** A distance model with a single velocity factor. */
record ConstantDistanceModel(String name, double factor) implements DistanceModel {

  ConstantDistanceModel {
    if (!(factor > 0.0 && factor <= 1.0)) {
      throw new IllegalArgumentException("velocity factor must be in (0, 1], got " + factor);
    }
  }

  @Override
  public double velocityFactor(double rttMs) {
    return factor;
  }
}
