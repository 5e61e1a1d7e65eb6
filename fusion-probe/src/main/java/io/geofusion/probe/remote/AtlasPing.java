package io.geofusion.probe.remote;

import java.util.List;
import java.util.Objects;

/**
 * A one-off RIPE Atlas ping to create: the measurement definition and the probes it runs from.
 *
 * @param target the target's IP literal (names are refused: the probes would resolve them
 *     differently from each other)
 * @param af the address family, 4 or 6
 * @param packets packets per probe, 1 to 16 (the API's range)
 * @param sizeBytes payload size, 1 to 2048 bytes (the API's range; 48 is its default)
 * @param probeIds the probes to run from, 1 to {@value #MAX_PROBES}, each a positive integer id
 * @param description the measurement's description, shown on atlas.ripe.net
 */
public record AtlasPing(String target, int af, int packets, int sizeBytes, List<String> probeIds,
    String description) {

  /** The most probes one run asks for (the API allows 1,000 per measurement). */
  public static final int MAX_PROBES = 1000;

  /** The API's default packet count. */
  public static final int DEFAULT_PACKETS = 3;

  /** The API's default payload size, bytes. */
  public static final int DEFAULT_SIZE = 48;

  /**
   * A checked definition.
   *
   * @param target the target
   * @param af 4 or 6
   * @param packets packets per probe
   * @param sizeBytes payload size
   * @param probeIds the probes
   * @param description the description
   */
  public AtlasPing {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("a RIPE Atlas ping needs a target address");
    }
    if (af != 4 && af != 6) {
      throw new IllegalArgumentException("address family must be 4 or 6, got " + af);
    }
    if (packets < 1 || packets > 16) {
      throw new IllegalArgumentException("RIPE Atlas ping packets must be in [1, 16], got "
          + packets);
    }
    if (sizeBytes < 1 || sizeBytes > 2048) {
      throw new IllegalArgumentException("RIPE Atlas ping size must be in [1, 2048] bytes, got "
          + sizeBytes);
    }
    probeIds = List.copyOf(Objects.requireNonNull(probeIds, "probeIds"));
    if (probeIds.isEmpty() || probeIds.size() > MAX_PROBES) {
      throw new IllegalArgumentException("a RIPE Atlas ping needs 1 to " + MAX_PROBES
          + " probes, got " + probeIds.size());
    }
    for (String id : probeIds) {
      if (id == null || !id.matches("[1-9][0-9]{0,11}")) {
        throw new IllegalArgumentException("RIPE Atlas probe ids are positive integers, got '"
            + id + "'");
      }
    }
    description = description == null ? "GeoFusion ping" : description;
  }

  /**
   * The credits this measurement costs at most ({@link AtlasCredits#oneOffPing}).
   *
   * @return credits
   */
  public long credits() {
    return AtlasCredits.oneOffPing(probeIds.size(), packets, sizeBytes);
  }
}
