package io.geofusion.locate;

import io.geofusion.geo.LatLon;
import java.util.Objects;

/**
 * A vantage that could measure a target: a RIPE Atlas probe, a GeoFusion agent, a VPS. What
 * {@link VantageSelector} chooses from.
 *
 * @param id the vantage's stable id (a RIPE Atlas probe id such as {@code "6001"}, an agent id),
 *     non-blank; ties in the selection are broken by it
 * @param at where the vantage is (for RIPE Atlas, as its host set it: often rounded to a few km)
 * @param asn the vantage's autonomous system number, or null when unknown
 * @param country its ISO 3166-1 alpha-2 country code, or null when unknown
 * @param status whether it can measure now
 */
public record VantageCandidate(String id, LatLon at, Long asn, String country, Status status) {

  /** Whether a vantage can measure now. */
  public enum Status {
    /** Connected: it can measure. */
    CONNECTED,
    /** Nothing is known; it is treated as connected. */
    UNKNOWN,
    /** Disconnected, abandoned or never connected: it is never chosen. */
    UNAVAILABLE
  }

  public VantageCandidate {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a vantage candidate needs a non-blank id");
    }
    Objects.requireNonNull(at, "vantage '" + id + "' needs a position");
    Objects.requireNonNull(status, "status");
    if (asn != null && asn < 0) {
      throw new IllegalArgumentException("vantage '" + id + "': ASN must be >= 0, got " + asn);
    }
  }

  /** A candidate with only an id and a position (status unknown). */
  public static VantageCandidate of(String id, LatLon at) {
    return new VantageCandidate(id, at, null, null, Status.UNKNOWN);
  }

  /** Whether the selector may choose it: connected or unknown. */
  public boolean available() {
    return status != Status.UNAVAILABLE;
  }
}
