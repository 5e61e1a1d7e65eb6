package io.geofusion.asn;

/** How the route stretches of the networks on a path combine into one path stretch. */
public enum StretchCombination {
  /**
   * {@code s = Σ nₐ·sₐ / Σ nₐ} with {@code nₐ} the number of hops in AS {@code a}: each network
   * inflates the share of the path it carries. The default.
   */
  HOP_WEIGHTED_MEAN,
  /** The largest stretch on the path: the most pessimistic reading of the path's detours. */
  MAX
}
