package io.geofusion.probe.remote;

/**
 * What a one-off RIPE Atlas ping measurement costs, in credits, before it is created.
 *
 * <p>The formula (RIPE Atlas documentation, "Credits", section on spending credits; the RIPE NCC
 * can change it): a ping <b>result</b> costs {@code packets × (⌊size / 1500⌋ + 1)} credits (size
 * in bytes), and one-off measurements cost twice the periodic rate. So a one-off ping of
 * {@code p} probes costs {@code 2 × p × packets × (⌊size / 1500⌋ + 1)}: 3 packets of 48 bytes from
 * 20 probes cost 120 credits. Probes that never report are not charged, so this is an upper
 * bound. It has <b>not</b> been checked against the live service from this project.
 */
public final class AtlasCredits {

  /** The factor one-off measurements pay over periodic ones. */
  public static final int ONE_OFF_FACTOR = 2;

  private AtlasCredits() {}

  /**
   * The credits a one-off ping from {@code probes} probes costs at most.
   *
   * @param probes probes asked for, ≥ 0
   * @param packets packets per probe, ≥ 1
   * @param sizeBytes packet size in bytes, ≥ 0
   * @return the cost in credits
   * @throws IllegalArgumentException when an argument is out of range
   */
  public static long oneOffPing(int probes, int packets, int sizeBytes) {
    if (probes < 0 || packets < 1 || sizeBytes < 0) {
      throw new IllegalArgumentException("probes >= 0, packets >= 1 and size >= 0 expected, got "
          + probes + ", " + packets + ", " + sizeBytes);
    }
    return (long) ONE_OFF_FACTOR * probes * packets * (sizeBytes / 1500 + 1);
  }
}
