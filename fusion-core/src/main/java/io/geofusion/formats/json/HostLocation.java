package io.geofusion.formats.json;

/**
 * The location of a host node (DESIGN §5): {@code {"node":"host:212.102.40.218",
 * "location_distribution":{...}, "evidence":{"rf":0.7,"rtt":0.8,"semantic":0.6}}} — a
 * distribution, never a bare point. Schema: docs/schemas/host-location.schema.json.
 *
 * @param node graph node id, e.g. {@code host:212.102.40.218}
 * @param locationDistribution the location mixture
 * @param evidence per-layer evidence scores
 */
public record HostLocation(String node, LocationDistribution locationDistribution,
    Evidence evidence) {

  public HostLocation {
    Checks.required("node", node);
    if (locationDistribution == null) {
      throw new IllegalArgumentException("location_distribution is required");
    }
    if (evidence == null) {
      throw new IllegalArgumentException("evidence is required");
    }
  }
}
