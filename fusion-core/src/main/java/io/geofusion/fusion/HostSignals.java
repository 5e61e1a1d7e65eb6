package io.geofusion.fusion;

import java.util.Locale;

/**
 * Facts about a target that the engine's host classifier uses (rules in docs/fusion.md).
 *
 * @param asnType the origin ASN's type from the ASN profiles ({@code mobile}, {@code satellite},
 *     {@code cdn}, {@code hosting}, {@code hyperscaler}, {@code cable}, {@code tier1}, ...), or
 *     {@code ""} when unknown; compared case-insensitively
 * @param minRttMs smallest RTT any vantage measured, ms, or NaN when none
 * @param jitterMs mean absolute difference of consecutive RTT samples, ms, or NaN when unknown
 * @param anonymousProxy whether a database (e.g. GeoIP2 Anonymous IP) lists the address as a
 *     VPN/proxy/Tor exit
 */
public record HostSignals(String asnType, double minRttMs, double jitterMs,
    boolean anonymousProxy) {

  /** Nothing known. */
  public static final HostSignals NONE = new HostSignals("", Double.NaN, Double.NaN, false);

  public HostSignals {
    asnType = asnType == null ? "" : asnType.trim().toLowerCase(Locale.ROOT);
    if (!(Double.isNaN(minRttMs) || (minRttMs >= 0.0 && !Double.isInfinite(minRttMs)))) {
      throw new IllegalArgumentException("min RTT must be NaN or finite >= 0 ms, got " + minRttMs);
    }
    if (!(Double.isNaN(jitterMs) || (jitterMs >= 0.0 && !Double.isInfinite(jitterMs)))) {
      throw new IllegalArgumentException("jitter must be NaN or finite >= 0 ms, got " + jitterMs);
    }
  }
}
