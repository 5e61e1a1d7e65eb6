package io.geofusion.formats;

import io.geofusion.geo.LatLon;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the vantages of recorded measurements are, by the names records give them: a record's
 * vantage id ({@code "atlas-probe:6001"}, or the bare probe id {@code "6001"} for a RIPE Atlas
 * probe), else its source address as recorded. Recorded files seldom carry positions, so a
 * user supplies them (see {@link VantagesCsv}).
 *
 * <p>Immutable and thread-safe.
 */
public final class VantagePositions {

  /** The RIPE Atlas vantage-id prefix; a position listed under the bare probe id matches too. */
  static final String ATLAS_PROBE = "atlas-probe:";

  /** No position known. */
  public static final VantagePositions NONE = new VantagePositions(Map.of());

  private final Map<String, LatLon> byName;

  private VantagePositions(Map<String, LatLon> byName) {
    this.byName = byName;
  }

  /**
   * Positions by name: a vantage id, a RIPE Atlas probe id (without the {@code atlas-probe:}
   * prefix), or a source address as recorded.
   */
  public static VantagePositions of(Map<String, LatLon> byName) {
    Objects.requireNonNull(byName, "positions must not be null (use VantagePositions.NONE)");
    return new VantagePositions(Map.copyOf(byName));
  }

  /**
   * The position of a record's vantage: by {@code vantageId}, then by the RIPE Atlas probe id
   * inside it ({@code atlas-probe:6001} → {@code 6001}), then by {@code source}.
   *
   * @param vantageId the record's vantage id, or null
   * @param source the record's source address, or null
   * @return the position, empty when no name matches
   */
  public Optional<LatLon> find(String vantageId, String source) {
    if (vantageId != null) {
      LatLon at = byName.get(vantageId);
      if (at == null && vantageId.startsWith(ATLAS_PROBE)) {
        at = byName.get(vantageId.substring(ATLAS_PROBE.length()));
      }
      if (at != null) {
        return Optional.of(at);
      }
    }
    return source == null ? Optional.empty() : Optional.ofNullable(byName.get(source));
  }

  /** How many names have a position. */
  public int size() {
    return byName.size();
  }
}
