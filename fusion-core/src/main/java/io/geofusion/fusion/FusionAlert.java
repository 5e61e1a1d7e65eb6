package io.geofusion.fusion;

import java.util.Objects;

/**
 * Evidence that does not fit together.
 *
 * @param type {@link #LOCATION_INCONSISTENCY} or {@link #ANYCAST}
 * @param interpretation what it most likely means, e.g. {@code vpn_or_proxy}
 * @param severity how strong the evidence is, in [0, 1]
 * @param detail one sentence with the numbers (vantage, distances) behind the alert
 */
public record FusionAlert(String type, String interpretation, double severity, String detail) {

  /** GeoIP lies outside the RTT-feasible region. */
  public static final String LOCATION_INCONSISTENCY = "location_inconsistency";
  /** Feasible disks of different vantages cannot intersect. */
  public static final String ANYCAST = "anycast";

  public FusionAlert {
    Objects.requireNonNull(type, "alert type must not be null");
    Objects.requireNonNull(interpretation, "alert interpretation must not be null");
    Objects.requireNonNull(detail, "alert detail must not be null");
    if (!(severity >= 0.0 && severity <= 1.0)) {
      throw new IllegalArgumentException("alert severity must be in [0, 1], got " + severity);
    }
  }
}
