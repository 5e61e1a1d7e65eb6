package io.geofusion.graph;

import io.geofusion.fusion.HostLocation;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An entity as the graph holds it. Immutable; each upsert produces a new instance.
 *
 * @param id the node id, e.g. {@code host:203.0.113.7} (non-blank, ≤ 512 chars, no control chars)
 * @param kind what the entity is
 * @param attributes free-form string attributes, sorted by key
 * @param location a host's location as fusion gave it (distribution with covariances, circle,
 *     class, alerts), or {@code null}
 * @param evidence per-layer evidence scores in [0, 1] (e.g. {@code rtt → 0.8}), sorted by key
 * @param firstSeen when the graph first saw the node (graph clock)
 * @param lastSeen when the node was last upserted, ≥ firstSeen
 */
public record Node(
    String id,
    NodeKind kind,
    Map<String, String> attributes,
    HostLocation location,
    Map<String, Double> evidence,
    Instant firstSeen,
    Instant lastSeen) {

  public Node {
    Ids.requireId("node id", id);
    if (kind == null) {
      throw new IllegalArgumentException("node kind is required for " + id);
    }
    Ids.requirePrefixMatches(id, kind);
    attributes = Ids.attributes(attributes);
    evidence = Ids.evidence(evidence);
    if (firstSeen == null || lastSeen == null || lastSeen.isBefore(firstSeen)) {
      throw new IllegalArgumentException("node " + id + " needs first_seen <= last_seen, got "
          + firstSeen + " / " + lastSeen);
    }
    if (location != null && kind != NodeKind.HOST) {
      throw new IllegalArgumentException("only host nodes carry a location, " + id + " is a "
          + kind.prefix());
    }
  }

  /** The location, present for located hosts. */
  public Optional<HostLocation> hostLocation() {
    return Optional.ofNullable(location);
  }
}
