package io.geofusion.history;

import io.geofusion.fusion.HostLocation;
import io.geofusion.geo.LatLon;
import io.geofusion.json.GraphJson;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One location result of an address, as {@link HistoryStore} stored it: the flat columns a
 * query or a table needs, and the whole host-location document
 * (docs/schemas/host-location.schema.json) as the library's writer produced it.
 *
 * @param id the row's id, increasing in the order rows were recorded
 * @param at when the result was recorded, microsecond precision
 * @param address the target (the document's {@code node} without {@code host:})
 * @param estimate the location estimate at full precision; empty when the engine abstained
 * @param radius50Km radius of the 50 % circle, km; NaN when abstained
 * @param radius90Km radius of the 90 % circle, km; NaN when abstained
 * @param hostClass the host class label as in JSON ({@code host_class.label}, e.g. {@code
 *     "datacenter"})
 * @param alerts the alerts' types as in JSON ({@code location_inconsistency}, {@code anycast}),
 *     in the result's order
 * @param document the host-location document, compact JSON
 */
public record RecordedLocation(long id, Instant at, String address, Optional<LatLon> estimate,
    double radius50Km, double radius90Km, String hostClass, List<String> alerts,
    String document) {

  public RecordedLocation {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(estimate, "estimate");
    Objects.requireNonNull(hostClass, "hostClass");
    alerts = List.copyOf(alerts);
    Objects.requireNonNull(document, "document");
  }

  /** Whether the engine abstained (no evidence): no estimate, no circles. */
  public boolean abstained() {
    return estimate.isEmpty();
  }

  /**
   * The location read back from {@link #document()}: distribution, 90 % circle, host class and
   * alerts, with the document's rounding (degrees to 5 decimals, km² to 0.1); empty when the
   * engine abstained.
   *
   * @throws IllegalArgumentException when the stored document is not a host-location document
   */
  public Optional<HostLocation> location() {
    return Optional.ofNullable(GraphJson.nodeUpdateFromJson(GraphJson.parseTree(document))
        .location());
  }
}
